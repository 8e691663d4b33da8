package dev.corio.sample.cli;

import java.net.URI;
import java.net.URISyntaxException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of option values: a value that makes no sense (a negative count, a NaN duration) is a usage
 * error (exit code 2, usage shown), like a value that does not parse.
 */
final class Check {
    private final CommandSpec spec;

    Check(CommandSpec spec) {
        this.spec = spec;
    }

    /** {@code value >= min}, and a finite number. */
    void atLeast(String option, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            fail(option + " must be a number >= " + format(min) + ", got " + format(value));
        }
    }

    void atLeast(String option, long value, long min) {
        if (value < min) {
            fail(option + " must be >= " + min + ", got " + value);
        }
    }

    /** {@code min <= value <= max}. */
    void within(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            fail(option + " must be within " + format(min) + ".." + format(max) + ", got " + format(value));
        }
    }

    /** An absolute http or https URL with a host name, such as https://hacker-news.firebaseio.com/v0. */
    void httpUrl(String option, String url) {
        String problem = null;
        try {
            URI u = new URI(url);
            String scheme = u.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                problem = "it needs http:// or https://";
            } else if (u.getHost() == null) {
                problem = "it has no host name";
            }
        } catch (URISyntaxException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            fail(option + " must be an http(s) URL such as https://hacker-news.firebaseio.com/v0, got '" + url
                    + "': " + problem);
        }
    }

    private void fail(String message) {
        throw new ParameterException(spec.commandLine(), message);
    }

    private static String format(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
