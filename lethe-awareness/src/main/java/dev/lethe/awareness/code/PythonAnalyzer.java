package dev.lethe.awareness.code;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSTree;
import org.treesitter.TreeSitterPython;

/**
 * Finds training calls in Python source, parsed with tree-sitter's Python grammar: scikit-learn,
 * XGBoost, LightGBM, CatBoost, Keras and Spark MLlib {@code fit}, {@code xgb.train}/{@code lgb.train},
 * Hugging Face {@code Trainer.train}, PyTorch optimiser steps. Within each function (and the module,
 * as notebooks exported to .py train at top level) it follows simple assignments, pandas and Spark
 * column selections, drops and {@code withColumn}, and data sources ({@code read_csv}, Parquet, SQL,
 * JDBC) to each call.
 */
final class PythonAnalyzer {

    /** Thrown for a file the grammar cannot parse. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private final TSParser parser = new TSParser();
    private byte[] bytes;
    private String file;
    private final Map<String, String> imports = new HashMap<>();
    private Set<String> frameworks;
    private List<RawSite> sites;

    PythonAnalyzer() {
        parser.setLanguage(new TreeSitterPython());
    }

    List<RawSite> analyse(String file, String source) throws SyntaxError {
        this.file = file;
        this.bytes = source.getBytes(StandardCharsets.UTF_8);
        this.sites = new ArrayList<>();
        imports.clear();
        TSTree tree = parser.parseString(null, source);
        TSNode root = tree.getRootNode();
        if (root.hasError()) {
            TSNode bad = firstError(root);
            throw new SyntaxError("syntax error at line " + (bad == null ? 1 : bad.getStartPoint().getRow() + 1));
        }
        collectImports(root);
        frameworks = Frameworks.imported(imports.values());
        if (frameworks.isEmpty()) {
            return List.of(); // a file that imports no ML framework trains nothing
        }
        Map<String, Frame> globals = new HashMap<>();
        scope(root, globals);
        return sites;
    }

    private static TSNode firstError(TSNode n) {
        if (n.isError() || n.isMissing()) {
            return n;
        }
        for (int i = 0; i < n.getChildCount(); i++) {
            TSNode c = n.getChild(i);
            if (c.hasError() || c.isMissing()) {
                TSNode e = firstError(c);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }

    private String text(TSNode n) {
        return new String(bytes, n.getStartByte(), n.getEndByte() - n.getStartByte(), StandardCharsets.UTF_8);
    }

    private void collectImports(TSNode n) {
        String type = n.getType();
        if (type.equals("import_statement")) {
            for (int i = 0; i < n.getNamedChildCount(); i++) {
                TSNode c = n.getNamedChild(i);
                if (c.getType().equals("aliased_import")) {
                    imports.put(text(c.getChildByFieldName("alias")), text(c.getChildByFieldName("name")));
                } else {
                    String name = text(c);
                    imports.put(name.split("\\.")[0], name.split("\\.")[0]);
                    imports.put(name, name);
                }
            }
            return;
        }
        if (type.equals("import_from_statement")) {
            String module = text(n.getChildByFieldName("module_name"));
            for (int i = 0; i < n.getNamedChildCount(); i++) {
                TSNode c = n.getNamedChild(i);
                if ("module_name".equals(n.getFieldNameForNamedChild(i))) {
                    continue;
                }
                if (c.getType().equals("aliased_import")) {
                    imports.put(text(c.getChildByFieldName("alias")), module + "." + text(c.getChildByFieldName("name")));
                } else if (c.getType().equals("dotted_name")) {
                    imports.put(text(c), module + "." + text(c));
                }
            }
            return;
        }
        for (int i = 0; i < n.getNamedChildCount(); i++) {
            collectImports(n.getNamedChild(i));
        }
    }

    /** Walks one scope in source order; nested functions get their own scope starting from this one's names. */
    private void scope(TSNode n, Map<String, Frame> env) {
        for (int i = 0; i < n.getNamedChildCount(); i++) {
            visit(n.getNamedChild(i), env);
        }
    }

    private void visit(TSNode c, Map<String, Frame> env) {
        switch (c.getType()) {
            case "function_definition" -> scope(c.getChildByFieldName("body"), new HashMap<>(env));
            case "assignment" -> {
                TSNode right = c.getChildByFieldName("right");
                if (right != null) {
                    visit(right, env); // training calls inside the right-hand side
                    bind(c.getChildByFieldName("left"), right, env);
                }
            }
            case "call" -> {
                scope(c, env);
                training(c, env);
            }
            default -> scope(c, env);
        }
    }

    private void bind(TSNode left, TSNode right, Map<String, Frame> env) {
        if (left.getType().equals("identifier")) {
            Frame f = eval(right, env);
            if (f != null) {
                env.put(text(left), f);
            } else {
                env.remove(text(left));
            }
            return;
        }
        if (left.getType().equals("pattern_list") || left.getType().equals("tuple_pattern")) {
            List<TSNode> names = new ArrayList<>();
            for (int i = 0; i < left.getNamedChildCount(); i++) {
                names.add(left.getNamedChild(i));
            }
            List<Frame> parts = new ArrayList<>();
            if (right.getType().equals("call") && callee(right).endsWith("train_test_split")) {
                for (TSNode a : positional(right)) {
                    parts.add(eval(a, env));
                }
            }
            Frame whole = eval(right, env);
            for (int i = 0; i < names.size(); i++) {
                Frame f = parts.isEmpty() ? whole : parts.get(Math.min(i / 2, parts.size() - 1));
                if (names.get(i).getType().equals("identifier") && f != null) {
                    env.put(text(names.get(i)), f);
                }
            }
        }
    }

    /** The dotted name of a call's function with its first part resolved through the imports. */
    private String callee(TSNode call) {
        return resolve(text(call.getChildByFieldName("function")));
    }

    private String resolve(String dotted) {
        String root = dotted.split("\\.")[0];
        String mapped = imports.get(root);
        return mapped == null ? dotted : mapped + dotted.substring(root.length());
    }

    private List<TSNode> positional(TSNode call) {
        List<TSNode> out = new ArrayList<>();
        TSNode args = call.getChildByFieldName("arguments");
        if (args == null) {
            return out;
        }
        for (int i = 0; i < args.getNamedChildCount(); i++) {
            TSNode a = args.getNamedChild(i);
            if (!a.getType().equals("keyword_argument") && !a.getType().equals("comment")) {
                out.add(a);
            }
        }
        return out;
    }

    private TSNode keyword(TSNode call, String name) {
        TSNode args = call.getChildByFieldName("arguments");
        if (args == null) {
            return null;
        }
        for (int i = 0; i < args.getNamedChildCount(); i++) {
            TSNode a = args.getNamedChild(i);
            if (a.getType().equals("keyword_argument") && text(a.getChildByFieldName("name")).equals(name)) {
                return a.getChildByFieldName("value");
            }
        }
        return null;
    }

    private String string(TSNode n) {
        if (n == null || !n.getType().equals("string")) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n.getNamedChildCount(); i++) {
            TSNode c = n.getNamedChild(i);
            if (c.getType().equals("string_content")) {
                b.append(text(c));
            }
        }
        return b.toString();
    }

    /** The strings of a list/tuple literal or a single string, or {@code null}. */
    private Set<String> strings(TSNode n) {
        if (n == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        String s = string(n);
        if (s != null) {
            out.add(s);
            return out;
        }
        if (n.getType().equals("list") || n.getType().equals("tuple")) {
            for (int i = 0; i < n.getNamedChildCount(); i++) {
                String e = string(n.getNamedChild(i));
                if (e != null) {
                    out.add(e);
                } else if (n.getNamedChild(i).getType().equals("call")) {
                    Set<String> inner = strings(positional(n.getNamedChild(i)).stream().findFirst().orElse(null));
                    if (inner != null) {
                        out.addAll(inner); // col("age")
                    }
                }
            }
            return out;
        }
        return null;
    }

    private Frame eval(TSNode n, Map<String, Frame> env) {
        switch (n.getType()) {
            case "identifier":
                return env.get(text(n));
            case "parenthesized_expression":
                return n.getNamedChildCount() > 0 ? eval(n.getNamedChild(0), env) : null;
            case "attribute":
                return eval(n.getChildByFieldName("object"), env);
            case "subscript": {
                Frame base = eval(n.getChildByFieldName("value"), env);
                TSNode index = n.getChildByFieldName("subscript");
                Set<String> chosen = strings(index);
                if (base != null && chosen != null && !chosen.isEmpty()) {
                    return base.select(chosen);
                }
                return base;
            }
            case "list":
            case "tuple":
            case "expression_list": {
                Frame f = null;
                for (int i = 0; i < n.getNamedChildCount(); i++) {
                    f = Frame.union(f, eval(n.getNamedChild(i), env));
                }
                return f;
            }
            case "call":
                return call(n, env);
            default:
                return null;
        }
    }

    private Frame call(TSNode n, Map<String, Frame> env) {
        String name = callee(n);
        String method = name.substring(name.lastIndexOf('.') + 1);
        TSNode function = n.getChildByFieldName("function");
        Frame receiver = function.getType().equals("attribute") ? eval(function.getChildByFieldName("object"), env) : null;
        List<TSNode> args = positional(n);
        String first = args.isEmpty() ? null : string(args.get(0));
        if (method.startsWith("read_") && (name.startsWith("pandas") || name.startsWith("polars"))) {
            if (method.startsWith("read_sql") && first != null) {
                return Frame.source("sql: " + SqlColumns.table(first), SqlColumns.columns(first));
            }
            return Frame.source(first == null ? "(computed path)" : first, strings(keyword(n, "usecols")));
        }
        if (name.contains(".read.") || name.contains(".read().")) {
            if (method.equals("jdbc")) {
                String table = args.size() > 1 ? string(args.get(1)) : string(keyword(n, "table"));
                return Frame.source("jdbc: " + (table == null ? "?" : table), null);
            }
            return Frame.source(first == null ? "(computed path)" : first, null);
        }
        if (method.equals("sql") && first != null && SqlColumns.isQuery(first)) {
            return Frame.source("sql: " + SqlColumns.table(first), SqlColumns.columns(first));
        }
        if (receiver != null && receiver.estimator == null) {
            switch (method) {
                case "drop": {
                    Set<String> gone = strings(keyword(n, "columns"));
                    if (gone == null) {
                        gone = new LinkedHashSet<>();
                        for (TSNode a : args) {
                            Set<String> s = strings(a);
                            if (s != null) {
                                gone.addAll(s);
                            }
                        }
                    }
                    return receiver.drop(gone);
                }
                case "select": {
                    Set<String> chosen = new LinkedHashSet<>();
                    for (TSNode a : args) {
                        Set<String> s = strings(a);
                        if (s != null) {
                            chosen.addAll(s);
                        }
                    }
                    return chosen.isEmpty() ? receiver : receiver.select(chosen);
                }
                case "withColumn":
                    return receiver.withColumn(first);
                default:
                    break;
            }
        }
        if (receiver != null && receiver.estimator != null && method.equals("transform") && !args.isEmpty()) {
            Frame data = eval(args.get(0), env);
            Frame f = receiver.columns != null && !receiver.columns.isEmpty() && data != null ? data.select(receiver.columns) : data;
            return f;
        }
        if (receiver != null && receiver.estimator != null) {
            return receiver; // a fitted estimator or a chained setter
        }
        String framework = Frameworks.of(name);
        if (framework != null && !Frameworks.container(name) && Character.isUpperCase(method.isEmpty() ? 'a' : method.charAt(0))) {
            Frame e = Frame.estimator(name, framework);
            Set<String> input = strings(keyword(n, "inputCols"));
            if (input != null) {
                e.columns.addAll(input);
            }
            TSNode train = keyword(n, "train_dataset");
            e.data = train == null ? null : eval(train, env);
            return e;
        }
        Frame f = receiver;
        for (TSNode a : args) {
            f = Frame.union(f, eval(a, env));
        }
        for (String k : List.of("label", "y", "labels")) {
            TSNode v = keyword(n, k);
            if (v != null) {
                f = Frame.union(f, eval(v, env));
            }
        }
        return f;
    }

    /** Records the call if it trains a model. */
    private void training(TSNode n, Map<String, Frame> env) {
        String name = callee(n);
        String method = name.substring(name.lastIndexOf('.') + 1);
        TSNode function = n.getChildByFieldName("function");
        int line = n.getStartPoint().getRow() + 1;
        Frame receiver = function.getType().equals("attribute") ? eval(function.getChildByFieldName("object"), env) : null;
        if (method.equals("fit") || method.equals("partial_fit") || method.equals("train_on_batch")) {
            if (!function.getType().equals("attribute")) {
                return;
            }
            String model = receiver != null && receiver.estimator != null ? receiver.estimator : null;
            if (Frameworks.preparation(model) || Frameworks.preparation(text(function.getChildByFieldName("object")))) {
                return;
            }
            String framework = model != null ? Frameworks.of(model) : guess();
            TSNode object = function.getChildByFieldName("object");
            boolean localClass = object.getType().equals("call") && Frameworks.of(callee(object)) == null;
            if (framework == null || localClass || (receiver != null && receiver.estimator == null && receiver.holdsData())) {
                return; // fit on a data frame, or in a file with no framework to say what it is
            }
            sites.add(new RawSite(file, line, framework, method, model == null ? text(function.getChildByFieldName("object")) : model,
                    arguments(n, env)));
            return;
        }
        if (method.equals("train") && (name.startsWith("xgboost") || name.startsWith("lightgbm") || name.startsWith("catboost"))) {
            sites.add(new RawSite(file, line, Frameworks.of(name), name, name, arguments(n, env)));
            return;
        }
        if (method.equals("train") && receiver != null && receiver.estimator != null && "Hugging Face".equals(receiver.framework)) {
            sites.add(new RawSite(file, line, receiver.framework, "Trainer.train", receiver.estimator, receiver.data));
            return;
        }
        if (method.equals("step") && receiver != null && receiver.estimator != null && receiver.estimator.startsWith("torch.optim")) {
            Frame data = null;
            for (Frame f : env.values()) {
                if (f.holdsData() && f.columns != null) {
                    data = Frame.union(data, f); // the selected columns turned into tensors
                }
            }
            for (Frame f : env.values()) {
                if (data == null && f.holdsData()) {
                    data = f;
                }
            }
            sites.add(new RawSite(file, line, "PyTorch", "optimizer.step (training loop)", receiver.estimator, data));
        }
    }

    /** The framework of a fit whose receiver is not known: the file's one ML framework, if it has exactly one. */
    private String guess() {
        Set<String> f = new LinkedHashSet<>(frameworks);
        f.remove("Lethe");
        return f.size() == 1 ? f.iterator().next() : f.isEmpty() ? null : String.join("/", f);
    }

    private Frame arguments(TSNode n, Map<String, Frame> env) {
        Frame f = null;
        for (TSNode a : positional(n)) {
            Frame x = eval(a, env);
            f = Frame.union(f, x != null && x.estimator == null ? x : null);
        }
        TSNode args = n.getChildByFieldName("arguments");
        for (int i = 0; args != null && i < args.getNamedChildCount(); i++) {
            TSNode a = args.getNamedChild(i);
            if (a.getType().equals("keyword_argument")) {
                Frame x = eval(a.getChildByFieldName("value"), env);
                f = Frame.union(f, x != null && x.estimator == null ? x : null);
            }
        }
        return f;
    }
}
