package dev.corio.acceptance;

import dev.corio.Corio;

import java.util.ArrayList;
import java.util.List;

/** What a program printed, in order; {@link #at} stamps a line with the running loop's (virtual) time. */
final class Out {
    final List<String> lines = new ArrayList<>();

    void print(String line) {
        lines.add(line);
    }

    void at(String line) {
        lines.add(line + " " + Corio.getRunningLoop().time());
    }
}
