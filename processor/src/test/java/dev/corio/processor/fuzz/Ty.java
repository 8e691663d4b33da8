package dev.corio.processor.fuzz;

/** The value types generated programs compute with. */
enum Ty {
    INT("int", "Integer"),
    STR("String", "String"),
    BOOL("boolean", "Boolean"),
    ARR("int[]", "int[]"),
    LIST("List<Integer>", "List<Integer>"),
    COLOR("Color", "Color"),
    OBJ("Object", "Object");

    final String java;
    final String boxed;

    Ty(String java, String boxed) {
        this.java = java;
        this.boxed = boxed;
    }

    boolean primitive() {
        return this == INT || this == BOOL;
    }
}
