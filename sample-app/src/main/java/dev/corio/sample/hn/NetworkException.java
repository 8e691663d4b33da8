package dev.corio.sample.hn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * A request never got an answer: the host is unknown, the connection was refused, or it timed out. The
 * message names the URL and the cause in one line ({@code cannot fetch http://127.0.0.1:9/v0/item/1.json:
 * connection refused}); the HTTP client's own exception, often without a message, is the cause.
 */
public class NetworkException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final String url;

    public NetworkException(String url, IOException cause) {
        super("cannot fetch " + url + ": " + describe(url, cause), cause);
        this.url = url;
    }

    /** The URL that could not be fetched. */
    public String url() {
        return url;
    }

    /** What went wrong, in a few words: the JDK's exceptions here often have no message at all. */
    static String describe(String url, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "unknown host " + host(url);
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within " + HnClient.FETCH_TIMEOUT.toSeconds() + " seconds";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + HnClient.FETCH_TIMEOUT.toSeconds() + " seconds";
        }
        if (cause instanceof java.net.SocketTimeoutException && cause.getMessage() != null) {
            return cause.getMessage(); // the Corio client's timeout: "no answer within 10 seconds"
        }
        if (cause instanceof ConnectException) {
            // the JDK 17 client reports a refused connection as a ConnectException without a message
            return cause.getMessage() != null ? cause.getMessage() : "connection refused";
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return cause.getClass().getName();
    }

    private static String host(String url) {
        try {
            String h = URI.create(url).getHost();
            return h != null ? h : url;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }
}
