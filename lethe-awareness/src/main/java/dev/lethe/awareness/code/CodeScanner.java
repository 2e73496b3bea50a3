package dev.lethe.awareness.code;

import dev.lethe.awareness.pii.ColumnNames;
import dev.lethe.awareness.pii.PiiType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code lethe scan DIR}: finds the training calls in the Java and Python files (and {@code lethe train} in
 * shell scripts) under a folder and the
 * personal data flowing into them. A file that cannot be read, is binary, too large, not UTF-8 or has
 * a syntax error is skipped with a warning naming it and counted; symbolic-link loops are counted and
 * not followed twice. Files are analysed in parallel; a file whose text names no ML framework is read and
 * counted but not parsed, as it cannot import one (so a syntax error there goes unreported).
 */
public final class CodeScanner {

    /** Files larger than this are skipped (generated code, data saved with a .py name). */
    public static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "node_modules", "target", "build", ".venv", "venv",
            "__pycache__", ".idea", ".gradle", "site-packages");

    private final KnownData known;
    private final ThreadLocal<PythonAnalyzer> python = ThreadLocal.withInitial(PythonAnalyzer::new);
    private final ThreadLocal<JavaAnalyzer> java = ThreadLocal.withInitial(JavaAnalyzer::new);

    public CodeScanner(KnownData known) {
        this.known = known;
    }

    public CodeScanReport scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new dev.lethe.data.DataException(root + ": not a folder to scan");
        }
        Map<String, Integer> skipped = new ConcurrentHashMap<>();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        List<Path> files = sources(root, skipped, warnings);
        List<TrainingSite> sites = Collections.synchronizedList(new ArrayList<>());
        files.parallelStream().forEach(f -> analyse(root, f, skipped, warnings).forEach(s -> sites.add(site(s))));
        List<TrainingSite> sorted = new ArrayList<>(sites);
        sorted.sort(Comparator.comparing(TrainingSite::file).thenComparingInt(TrainingSite::line));
        List<String> sortedWarnings = new ArrayList<>(warnings);
        Collections.sort(sortedWarnings);
        int failed = skipped.values().stream().mapToInt(Integer::intValue).sum() - skipped.getOrDefault("symlink loop", 0);
        return new CodeScanReport(root.toString(), files.size() - failed, new TreeMap<>(skipped), sortedWarnings, sorted);
    }

    private static List<Path> sources(Path root, Map<String, Integer> skipped, List<String> warnings) {
        List<Path> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".py") || name.endsWith(".java") || name.endsWith(".sh")) {
                        out.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    String why = e instanceof FileSystemLoopException ? "symlink loop" : "unreadable";
                    skipped.merge(why, 1, Integer::sum);
                    warnings.add(root.relativize(file) + ": skipped, " + why);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new dev.lethe.data.DataException(root + ": cannot list: " + e.getMessage(), e);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private List<RawSite> analyse(Path root, Path file, Map<String, Integer> skipped, List<String> warnings) {
        String rel = root.relativize(file).toString();
        String why;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                why = "too large (" + size + " bytes, limit " + MAX_FILE_BYTES + ")";
                return skip(rel, "too large", why, skipped, warnings);
            }
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
                if (bytes[i] == 0) {
                    return skip(rel, "binary", "binary (a NUL byte at offset " + i + ")", skipped, warnings);
                }
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return skip(rel, "not UTF-8", "not UTF-8 text", skipped, warnings);
            }
            if (rel.endsWith(".sh")) {
                return new ShellAnalyzer().analyse(rel, text);
            }
            if (!Frameworks.mentioned(text)) {
                return List.of(); // no framework named anywhere: nothing to parse for
            }
            return rel.endsWith(".py") ? python.get().analyse(rel, text) : java.get().analyse(rel, text);
        } catch (IOException e) {
            return skip(rel, "unreadable", "unreadable (" + e.getClass().getSimpleName() + ")", skipped, warnings);
        } catch (PythonAnalyzer.SyntaxError | JavaAnalyzer.SyntaxError e) {
            return skip(rel, "syntax error", e.getMessage(), skipped, warnings);
        } catch (RuntimeException | StackOverflowError e) {
            return skip(rel, "parser failure", "the parser failed: " + e.getClass().getSimpleName(), skipped, warnings);
        }
    }

    private static List<RawSite> skip(String rel, String kind, String why, Map<String, Integer> skipped, List<String> warnings) {
        skipped.merge(kind, 1, Integer::sum);
        warnings.add(rel + ": skipped, " + why);
        return List.of();
    }

    private TrainingSite site(RawSite s) {
        Frame data = s.data();
        List<String> sources = data == null ? List.of() : List.copyOf(data.sources);
        Optional<KnownData.Known> registered = sources.stream().map(known::lookup).flatMap(Optional::stream).findFirst();
        List<TrainingSite.Field> fields = new ArrayList<>();
        boolean all = data == null || data.columns == null;
        if (data != null && data.columns != null) {
            for (String c : data.columns) {
                fields.add(field(c, registered));
            }
        } else if (registered.isPresent()) {
            for (String c : registered.get().tags().keySet()) {
                if (data == null || !data.dropped.contains(c)) {
                    fields.add(field(c, registered));
                }
            }
        }
        return new TrainingSite(s.file(), s.line(), s.framework(), s.call(), s.model(), fields, all, sources,
                data == null ? List.of() : List.copyOf(data.dropped),
                "Lethe".equals(s.framework()) || registered.map(KnownData.Known::modelled).orElse(false));
    }

    private static TrainingSite.Field field(String column, Optional<KnownData.Known> registered) {
        if (registered.isPresent() && registered.get().tags().containsKey(column)) {
            return new TrainingSite.Field(column, registered.get().tags().get(column), "registry: dataset " + registered.get().dataset());
        }
        String name = ColumnNames.normalise(column);
        List<String> types = new ArrayList<>();
        Map<String, String> hints = new java.util.HashMap<>();
        for (PiiType t : PiiType.values()) {
            if (t == PiiType.DATE || t == PiiType.FREE_TEXT_WITH_PII) {
                continue;
            }
            Optional<String> h = ColumnNames.hint(name, t);
            if (h.isPresent() && !ColumnNames.against(name)) {
                types.add(t.label());
                hints.put(t.label(), h.get());
            }
        }
        if (types.size() > 1) {
            types.remove(PiiType.PERSON_NAME.label()); // "customer_email" is an e-mail address, not a name
        }
        return new TrainingSite.Field(column, types, types.isEmpty() ? null : "name hint '" + hints.get(types.get(0)) + "'");
    }
}
