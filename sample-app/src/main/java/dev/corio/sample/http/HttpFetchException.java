package dev.corio.sample.http;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A {@link CorioHttpClient#get} failed: the message names the URL and the cause in one line
 * ({@code GET http://127.0.0.1:9/v0/item/1.json: Connection refused: /127.0.0.1:9}); the cause is the error
 * as it was raised (a {@link java.net.ConnectException}, an {@link java.net.UnknownHostException}, a
 * {@link java.net.SocketTimeoutException} for the client's timeout, an {@link HttpProtocolException}, an
 * {@link java.io.EOFException} when the server hung up mid-answer, ...). Unchecked, as the sample app's
 * other errors are: a coroutine's exception reaches whoever awaits it, not whoever created it, so a
 * {@code throws} clause on {@link CorioHttpClient#get} would only burden the code that starts the request.
 */
public class HttpFetchException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;
    private final String url;

    public HttpFetchException(String url, IOException cause) {
        super("GET " + url + ": " + describe(cause), cause);
        this.url = url;
    }

    public String url() {
        return url;
    }

    private static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return cause.getClass().getName();
    }
}
