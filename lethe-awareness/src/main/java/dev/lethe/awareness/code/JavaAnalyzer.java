package dev.lethe.awareness.code;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds training calls in Java source parsed with JavaParser: Spark MLlib {@code Estimator.fit},
 * Tribuo {@code Trainer.train}, DJL {@code EasyTrain.fit}, Smile {@code fit}, and Lethe's own
 * {@code Learner.fit}. Within each method it follows variables, Spark {@code select}/{@code drop}/
 * {@code withColumn}, {@code VectorAssembler} input columns and data sources (CSV, Parquet and JDBC
 * readers, SQL queries, Tribuo loaders) to each call.
 */
final class JavaAnalyzer {

    private final JavaParser parser = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

    /** Thrown for a file JavaParser cannot parse. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    List<RawSite> analyse(String file, String source) throws SyntaxError {
        ParseResult<CompilationUnit> result = parser.parse(source);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            String where = result.getProblems().isEmpty() ? "" : result.getProblems().get(0).getLocation()
                    .flatMap(l -> l.getBegin().getRange()).map(r -> " at line " + r.begin.line).orElse("");
            throw new SyntaxError("syntax error" + where);
        }
        CompilationUnit unit = result.getResult().get();
        Map<String, String> imports = new HashMap<>();
        List<String> wildcard = new ArrayList<>();
        for (ImportDeclaration i : unit.getImports()) {
            String name = i.getNameAsString();
            if (i.isAsterisk()) {
                wildcard.add(name);
            } else {
                imports.put(name.substring(name.lastIndexOf('.') + 1), name);
            }
        }
        List<String> all = new ArrayList<>(imports.values());
        all.addAll(wildcard);
        if (Frameworks.imported(all).isEmpty()) {
            return List.of();
        }
        List<RawSite> sites = new ArrayList<>();
        for (MethodDeclaration m : unit.findAll(MethodDeclaration.class)) {
            Method flow = new Method(file, imports, wildcard, sites);
            m.getParameters().forEach(p -> flow.declare(p.getNameAsString(), p.getTypeAsString()));
            m.getBody().ifPresent(flow::walk);
        }
        return sites;
    }

    /** The flow through one method body, in source order. */
    private static final class Method {
        final String file;
        final Map<String, String> imports;
        final List<String> wildcard;
        final List<RawSite> sites;
        final Map<String, Frame> env = new HashMap<>();

        Method(String file, Map<String, String> imports, List<String> wildcard, List<RawSite> sites) {
            this.file = file;
            this.imports = imports;
            this.wildcard = wildcard;
            this.sites = sites;
        }

        void walk(Node body) {
            body.walk(com.github.javaparser.ast.Node.TreeTraversal.POSTORDER, n -> {
                if (n instanceof VariableDeclarator v) {
                    v.getInitializer().ifPresent(init -> bind(v.getNameAsString(), eval(init, v.getTypeAsString())));
                    if (!env.containsKey(v.getNameAsString())) {
                        declare(v.getNameAsString(), v.getTypeAsString());
                    }
                } else if (n instanceof AssignExpr a && a.getTarget() instanceof NameExpr target) {
                    bind(target.getNameAsString(), eval(a.getValue(), null));
                } else if (n instanceof MethodCallExpr call) {
                    training(call);
                }
            });
        }

        /** A parameter or variable of a framework type (a Lethe {@code Learner}, a Tribuo {@code Trainer}) is an estimator. */
        void declare(String name, String type) {
            String cls = qualify(type);
            String framework = Frameworks.of(cls);
            if (framework != null) {
                env.put(name, Frame.estimator(cls, framework));
            }
        }

        void bind(String name, Frame f) {
            if (f == null) {
                env.remove(name);
            } else {
                env.put(name, f);
            }
        }

        String qualify(String simple) {
            if (simple == null) {
                return null;
            }
            String base = simple.contains("<") ? simple.substring(0, simple.indexOf('<')) : simple;
            if (imports.containsKey(base)) {
                return imports.get(base);
            }
            for (String w : wildcard) {
                if (Frameworks.of(w) != null) {
                    return w + "." + base;
                }
            }
            return base;
        }

        static String string(Expression e) {
            return e instanceof StringLiteralExpr s ? s.asString() : null;
        }

        static Set<String> strings(List<Expression> args) {
            Set<String> out = new LinkedHashSet<>();
            for (Expression a : args) {
                String s = string(a);
                if (s != null) {
                    out.add(s);
                } else if (a instanceof ArrayCreationExpr arr && arr.getInitializer().isPresent()) {
                    out.addAll(strings(arr.getInitializer().get().getValues()));
                } else if (a instanceof MethodCallExpr c && c.getArguments().size() == 1 && string(c.getArgument(0)) != null) {
                    out.add(string(c.getArgument(0))); // col("age")
                } else if (a instanceof com.github.javaparser.ast.expr.ArrayInitializerExpr init) {
                    out.addAll(strings(init.getValues()));
                }
            }
            return out;
        }

        Frame eval(Expression e, String declaredType) {
            if (e instanceof NameExpr n) {
                return env.get(n.getNameAsString());
            }
            if (e instanceof ObjectCreationExpr o) {
                String cls = qualify(o.getType().getNameAsString());
                String framework = Frameworks.of(cls);
                Frame args = null;
                for (Expression a : o.getArguments()) {
                    args = Frame.union(args, eval(a, null));
                }
                if (framework != null && !cls.endsWith("Dataset") && !cls.endsWith("DataSource") && !cls.endsWith("Loader")) {
                    Frame f = Frame.estimator(cls, framework);
                    f.data = args;
                    return f;
                }
                String path = o.getArguments().stream().map(Method::string).filter(s -> s != null).findFirst().orElse(null);
                return path != null && args == null ? Frame.source(path, null) : args;
            }
            if (e instanceof MethodCallExpr c) {
                return call(c);
            }
            if (e instanceof com.github.javaparser.ast.expr.CastExpr cast) {
                return eval(cast.getExpression(), declaredType);
            }
            return null;
        }

        Frame call(MethodCallExpr c) {
            String method = c.getNameAsString();
            Frame receiver = c.getScope().map(s -> eval(s, null)).orElse(null);
            String scope = c.getScope().map(Object::toString).orElse("");
            String first = c.getArguments().isEmpty() ? null : string(c.getArgument(0));
            List<Expression> args = c.getArguments();
            if ((method.equals("csv") || method.equals("parquet") || method.equals("json") || method.equals("load")
                    || method.equals("table")) && scope.contains("read()")) {
                return Frame.source(first == null ? "(computed path)" : first, null);
            }
            if (method.equals("jdbc") && scope.contains("read()")) {
                String table = args.size() > 1 ? string(args.get(1)) : null;
                return Frame.source("jdbc: " + (table == null ? "?" : table), null);
            }
            if ((method.equals("sql") || method.equals("executeQuery") || method.equals("prepareStatement")) && first != null
                    && SqlColumns.isQuery(first)) {
                return Frame.source("sql: " + SqlColumns.table(first), SqlColumns.columns(first));
            }
            if (method.equals("loadDataSource") || (method.equals("csv") && scope.startsWith("Read"))) {
                Expression p = args.isEmpty() ? null : args.get(0);
                String path = p == null ? null : string(p) != null ? string(p) : p instanceof MethodCallExpr pc && !pc.getArguments().isEmpty()
                        ? string(pc.getArgument(0)) : null;
                return Frame.source(path == null ? "(computed path)" : path, null);
            }
            if (method.equals("get") && (scope.equals("Paths") || scope.equals("Path")) || method.equals("of") && scope.equals("Path")) {
                return first == null ? null : Frame.source(first, null);
            }
            if (receiver != null && receiver.estimator != null) {
                if (method.equals("setInputCols")) {
                    Frame f = receiver.copy();
                    f.columns.addAll(strings(args));
                    return f;
                }
                if (method.equals("transform") && !args.isEmpty()) {
                    Frame data = eval(args.get(0), null);
                    return data != null && !receiver.columns.isEmpty() ? data.select(receiver.columns) : data;
                }
                return receiver;
            }
            if (receiver != null) {
                switch (method) {
                    case "select":
                        Set<String> chosen = strings(args);
                        return chosen.isEmpty() ? receiver : receiver.select(chosen);
                    case "drop":
                        return receiver.drop(strings(args));
                    case "withColumn":
                        return receiver.withColumn(first);
                    default:
                        return receiver;
                }
            }
            Frame f = null;
            for (Expression a : args) {
                f = Frame.union(f, eval(a, null));
            }
            return f;
        }

        void training(MethodCallExpr c) {
            String method = c.getNameAsString();
            int line = c.getBegin().map(p -> p.line).orElse(0);
            String scope = c.getScope().map(Object::toString).orElse("");
            Frame receiver = c.getScope().map(s -> eval(s, null)).orElse(null);
            Frame data = null;
            for (Expression a : c.getArguments()) {
                Frame x = eval(a, null);
                data = Frame.union(data, x != null && x.estimator == null ? x : x != null ? x.data : null);
            }
            if (method.equals("fit") && scope.equals("EasyTrain")) {
                sites.add(new RawSite(file, line, "DJL", "EasyTrain.fit", "ai.djl.training.Trainer", data));
                return;
            }
            String cls = receiver != null && receiver.estimator != null ? receiver.estimator : qualify(scope);
            String framework = receiver != null && receiver.estimator != null ? receiver.framework : Frameworks.of(cls);
            if (framework == null || Frameworks.preparation(cls)) {
                return;
            }
            boolean fit = method.equals("fit") && (!framework.equals("DJL"));
            boolean train = method.equals("train") && framework.equals("Tribuo");
            if (fit || train) {
                sites.add(new RawSite(file, line, framework, (scope.isEmpty() ? "" : scope + ".") + method, cls, data));
            }
        }
    }
}
