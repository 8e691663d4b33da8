package dev.corio.processor.fuzz;

/** Prints the generated sources of one seed: {@code java ... FuzzDump <seed> [features]}. A debugging aid. */
final class FuzzDump {
    private FuzzDump() {
    }

    public static void main(String[] args) {
        Program p = Generator.generate(Long.parseLong(args[0]), Feature.parse(args.length > 1 ? args[1] : "all"));
        String src = args.length > 2 && args[2].equals("T") ? p.transformed("T0") : p.reference("R0");
        String[] lines = src.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            System.out.printf("%4d %s%n", i + 1, lines[i]);
        }
    }
}
