package dev.corio.sample.http;

import java.io.IOException;

/** The server's answer is not HTTP/1.1 this client understands (a bad status line, header or chunk size). */
public class HttpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public HttpProtocolException(String message) {
        super(message);
    }

    public HttpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
