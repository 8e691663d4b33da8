import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the module whose compilation processor-cost.sh times: {@code classes} classes of {@code methods}
 * {@code @Async} methods each (one helper that returns at once, the others a loop of awaits, a try around
 * an await, a lambda over a collection), in package {@code gen}. Run with {@code java GenerateSources.java
 * <dir> <classes> <methods>} (a single-file program: nothing to build).
 */
public class GenerateSources {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0], "gen");
        int classes = Integer.parseInt(args[1]);
        int methods = Integer.parseInt(args[2]);
        Files.createDirectories(dir);
        for (int c = 0; c < classes; c++) {
            StringBuilder sb = new StringBuilder();
            sb.append("package gen;\n\n")
                    .append("import static dev.corio.Corio.await;\nimport static dev.corio.Corio.result;\n\n")
                    .append("import dev.corio.Coroutine;\nimport dev.corio.annotation.Async;\n")
                    .append("import java.util.ArrayList;\nimport java.util.HashMap;\nimport java.util.List;\nimport java.util.Map;\n\n")
                    .append("public class C").append(c).append(" {\n")
                    .append("    @Async\n    public Coroutine<Integer> step(int x) {\n        return result(x + 1);\n    }\n");
            for (int m = 1; m < methods; m++) {
                sb.append("\n    @Async\n    public Coroutine<Integer> m").append(m).append("(List<Integer> xs, int n) {\n")
                        .append("        int total = ").append(m).append(";\n")
                        .append("        for (int x : xs) {\n            total += await(step(x * ").append(m).append("));\n        }\n")
                        .append("        try {\n            total += await(step(n));\n")
                        .append("        } catch (IllegalStateException e) {\n            total -= e.getMessage().length();\n        }\n")
                        .append("        Map<String, Integer> counts = new HashMap<>();\n")
                        .append("        List<String> keys = new ArrayList<>();\n")
                        .append("        xs.forEach(x -> counts.merge(\"k\" + (x % ").append(m + 2).append("), x, Integer::sum));\n")
                        .append("        for (String k : counts.keySet()) {\n            keys.add(k.toUpperCase());\n        }\n")
                        .append("        int i = 0;\n        while (i < n) {\n            total += await(step(i)) * keys.size();\n            i++;\n        }\n")
                        .append("        return result(total + counts.size());\n    }\n");
            }
            sb.append("}\n");
            Files.writeString(dir.resolve("C" + c + ".java"), sb.toString());
        }
    }
}
