package dev.lethe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.model.ModelFile;
import dev.lethe.model.UnlearnableModel;
import dev.lethe.testing.RepositoryData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use Lethe from Java" example, taken from the README itself, compiled against the
 * test class path (which holds every module) and run on a bundled dataset: if the API it shows
 * changes, this test fails and the README gets fixed.
 */
class ReadmeJavaExampleTest {

    static final String HEADING = "## Use Lethe from Java";

    @TempDir
    Path dir;

    /** The first {@code ```java} block under the heading. */
    static String example(String readme) {
        int at = readme.indexOf("\n" + HEADING + "\n");
        assertThat(at).as("README heading '%s'", HEADING).isNotNegative();
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find(at)).as("a java block under '%s'", HEADING).isTrue();
        assertThat(readme.substring(at + 1, m.start())).as("no other section before the block").doesNotContain("\n## ");
        return m.group(1);
    }

    @Test
    void theReadmeExampleCompilesRunsAndForgetsExactly() throws Exception {
        String source = example(Files.readString(RepositoryData.root().resolve("README.md")));
        Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(name.find()).as("a public class in the example").isTrue();
        Path file = dir.resolve("src").resolve(name.group(1) + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Path classes = Files.createDirectories(dir.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), file.toString());
        assertThat(status).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        Path model = dir.resolve("pima.lethe");
        String printed = runMain(classes, name.group(1),
                RepositoryData.path("mlbench_PimaIndiansDiabetes.csv.gz").toString(), model.toString());
        assertThat(printed.lines()).containsExactly("EXACT: forgot 2 records", "matches retraining: true");
        UnlearnableModel saved = ModelFile.load(model);
        assertThat(saved.family()).isEqualTo("nb");
        assertThat(saved.history().records()).hasSize(2);
    }

    /** Runs {@code main} of a compiled class and returns what it printed. */
    private static String runMain(Path classes, String className, String... args) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeJavaExampleTest.class.getClassLoader())) {
            Method main = loader.loadClass(className).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(out);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
