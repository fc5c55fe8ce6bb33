package dev.cloudai.examples;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code ```java} blocks of the repository's README files, turned into Java sources and compiled in memory
 * against the test classpath, for {@link ReadmeSnippetsTest}.
 *
 * <p>The convention every snippet follows, so that a reader can paste it as it is:
 * <ul>
 *   <li>Its imports are written at its top, explicitly; nothing is imported for it (only {@code java.lang} is
 *       implicit, as in any Java file).</li>
 *   <li>After the imports comes either a <b>compilation unit</b> (one or more type declarations: a program with
 *       {@code main}, a JUnit test class, ...), compiled as it is in the default package, or a <b>block of
 *       statements</b>, which is compiled as the body of a {@code static void run() throws Exception} method of a
 *       generated class. Every variable a block uses is declared in it.</li>
 * </ul>
 * A snippet keeps its line numbers in the generated source (the wrapper is written on the block's first line and
 * after its last), so a compiler message maps back to the README's own line.
 *
 * <pre>{@code
 * for (ReadmeSnippets.Snippet s : ReadmeSnippets.all(ReadmeSnippets.repositoryRoot())) s.compile();
 * }</pre>
 */
final class ReadmeSnippets {
    private static final Pattern FENCE_OPEN = Pattern.compile("^( {0,3})(`{3,}|~{3,})\\s*([^\\s`]*).*$");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?[\\w.]+(\\.\\*)?\\s*;\\s*(//.*)?$");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;.*$");
    private static final Pattern ANNOTATION_LINE = Pattern.compile("^\\s*@\\w+(\\(.*\\))?\\s*(//.*)?$");
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^\\s*((public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
                    + "(class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "(?m)^((abstract|final|sealed|non-sealed|strictfp)\\s+)*public\\s+((abstract|final|sealed|non-sealed|strictfp|static)\\s+)*"
                    + "(class|interface|enum|record|@interface)\\s+([A-Za-z_$][\\w$]*)");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", ".git", ".mvn", "node_modules");

    private ReadmeSnippets() {
    }

    /** One {@code ```java} block: its README, the line of its opening fence (from 1), its section and its lines. */
    record Snippet(Path root, Path readme, int fenceLine, String section, List<String> lines) {

        /** Where it is, as a reader finds it: {@code README.md:42}. */
        String location() {
            return root.relativize(readme).toString().replace('\\', '/') + ":" + fenceLine;
        }

        /** The README line of line {@code n} (from 1) of the snippet and of its generated source. */
        int readmeLine(long n) {
            return fenceLine + (int) n;
        }

        /** Whether, after its imports, it declares types rather than being a block of statements. */
        boolean isCompilationUnit() {
            int i = afterImports();
            while (i < lines.size() && isPreamble(lines.get(i))) i++;
            return i < lines.size() && TYPE_DECLARATION.matcher(lines.get(i)).find();
        }

        /** Whether it is a program (a compilation unit with a {@code main} method). */
        boolean isProgram() {
            return isCompilationUnit() && String.join("\n", lines).contains("static void main(");
        }

        /** The Java source the snippet becomes, line for line, and the binary name of its main (or only public) type. */
        Source source() {
            int body = afterImports();
            if (lines.subList(body, lines.size()).stream().allMatch(String::isBlank)) {
                throw new AssertionError(location() + ": the ```java block has no code after its imports");
            }
            String packagePrefix = lines.stream().map(PACKAGE::matcher).filter(Matcher::matches)
                    .map(m -> m.group(1) + ".").findFirst().orElse("");
            if (isCompilationUnit()) {
                String code = String.join("\n", lines) + "\n";
                Matcher m = PUBLIC_TYPE.matcher(code);
                String name = m.find() ? m.group(6) : generatedName();
                return new Source(packagePrefix + name, code);
            }
            String name = generatedName();
            List<String> out = new ArrayList<>(lines);
            out.set(body, "public class " + name + " { public static void run() throws Exception { " + out.get(body));
            out.add("}}");
            return new Source(name, String.join("\n", out) + "\n");
        }

        /**
         * Compiles the snippet against the test classpath.
         *
         * @return the class files by binary name
         * @throws AssertionError naming the README, the snippet's line and every diagnostic at its README line
         */
        Map<String, byte[]> compile() {
            Source source = source();
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) throw new AssertionError("No system Java compiler: run the tests on a JDK, not a JRE");
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
            InMemoryClasses classes = new InMemoryClasses(standard);
            // --release 17: a snippet must compile on the SDK's baseline, whatever JDK runs the build.
            List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:none",
                    "-classpath", System.getProperty("java.class.path"));
            String simpleName = source.className().substring(source.className().lastIndexOf('.') + 1);
            JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + simpleName + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source.code();
                }
            };
            boolean ok = javac.getTask(null, classes, diagnostics, options, null, List.of(file)).call();
            if (!ok) throw new AssertionError(failure(source, diagnostics.getDiagnostics()));
            return classes.compiled;
        }

        private String failure(Source source, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
            String file = root.relativize(readme).toString().replace('\\', '/');
            StringBuilder b = new StringBuilder();
            b.append("The ```java block at ").append(location()).append(" (section \"").append(section)
                    .append("\") does not compile as ")
                    .append(isCompilationUnit() ? "a compilation unit" : "a block of statements (wrapped in a method)")
                    .append("; the convention is in ReadmeSnippets' Javadoc.\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
                if (d.getKind() == Diagnostic.Kind.NOTE) continue;
                b.append("  ").append(file).append(':').append(readmeLine(d.getLineNumber())).append(": ")
                        .append(d.getKind().toString().toLowerCase(Locale.ROOT)).append(": ")
                        .append(d.getMessage(Locale.ROOT).replace("\n", "\n      ")).append('\n');
            }
            b.append("The source compiled, with README line numbers:\n");
            String[] generated = source.code().split("\n", -1);
            for (int i = 0; i < generated.length - 1; i++) {
                b.append(String.format("%5d| %s%n", readmeLine(i + 1), generated[i]));
            }
            return b.toString();
        }

        private String generatedName() {
            return "ReadmeSnippet" + fenceLine;
        }

        /** The index of the first line after the leading imports, blank lines and line comments. */
        private int afterImports() {
            int i = 0;
            int body = 0;
            while (i < lines.size()) {
                String line = lines.get(i).strip();
                if (IMPORT.matcher(line).matches() || PACKAGE.matcher(line).matches()) body = i + 1;
                else if (!line.isEmpty() && !line.startsWith("//")) break;
                i++;
            }
            return body;
        }

        private static boolean isPreamble(String line) {
            String s = line.strip();
            return s.isEmpty() || s.startsWith("//") || s.startsWith("/*") || s.startsWith("*")
                    || ANNOTATION_LINE.matcher(s).matches();
        }

        @Override
        public String toString() {
            return location();
        }
    }

    /** The Java source of a snippet and the binary name of its main type. */
    record Source(String className, String code) {
    }

    /** The repository root: the first directory up from the working directory that holds the Maven wrapper and sdk-api. */
    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("sdk-api"))) return dir;
        }
        throw new AssertionError("No repository root (a directory with mvnw and sdk-api) above " + start);
    }

    /** Every README.md of the repository, the root's first, outside build output. */
    static List<Path> readmes(Path root) {
        try (Stream<Path> files = Files.walk(root, 4)) {
            return files.filter(p -> p.getFileName().toString().equalsIgnoreCase("README.md"))
                    .filter(p -> {
                        Path relative = root.relativize(p);
                        for (int i = 0; i < relative.getNameCount() - 1; i++) {
                            if (SKIPPED_DIRECTORIES.contains(relative.getName(i).toString())) return false;
                        }
                        return true;
                    })
                    .sorted(Comparator.comparing((Path p) -> root.relativize(p).getNameCount()).thenComparing(Path::toString))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code ```java} block of every README of the repository, in order. */
    static List<Snippet> all(Path root) {
        List<Snippet> out = new ArrayList<>();
        for (Path readme : readmes(root)) out.addAll(extract(root, readme));
        return out;
    }

    /** The {@code ```java} blocks of one Markdown file (CommonMark fences: ``` or ~~~, indented at most 3 spaces). */
    static List<Snippet> extract(Path root, Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Snippet> out = new ArrayList<>();
        String section = "(top)";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                section = line.replaceFirst("^#+\\s*", "").strip();
                continue;
            }
            Matcher open = FENCE_OPEN.matcher(line);
            if (!open.matches()) continue;
            String fence = open.group(2);
            int indent = open.group(1).length();
            boolean java = open.group(3).equalsIgnoreCase("java");
            int start = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.size() && !isClosing(lines.get(i), fence); i++) {
                body.add(stripIndent(lines.get(i), indent));
            }
            if (i == lines.size()) {
                throw new AssertionError(root.relativize(readme) + ":" + (start + 1) + ": a code block that is never closed");
            }
            if (java) out.add(new Snippet(root, readme, start + 1, section, List.copyOf(body)));
        }
        return out;
    }

    private static boolean isClosing(String line, String fence) {
        String s = line.strip();
        return line.length() - line.stripLeading().length() <= 3 && s.length() >= fence.length()
                && s.chars().allMatch(c -> c == fence.charAt(0));
    }

    private static String stripIndent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') n++;
        return line.substring(n);
    }

    /** Loads compiled snippet classes, delegating everything else to the test's class loader. */
    static ClassLoader loader(Map<String, byte[]> classes) {
        return new ClassLoader(ReadmeSnippets.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) throw new ClassNotFoundException(name);
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
    }

    /** Keeps the class files javac writes in memory. */
    private static final class InMemoryClasses extends ForwardingJavaFileManager<JavaFileManager> {
        final Map<String, byte[]> compiled = new LinkedHashMap<>();

        InMemoryClasses(JavaFileManager delegate) {
            super(delegate);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            compiled.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }
}
