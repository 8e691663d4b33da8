package dev.corio.sample.hn;

/**
 * The API answered with an error status; the message is the {@code error} field of its JSON body when
 * there is one (the embedded server's random injected failures say {@code Random generic exception}).
 */
public class HnApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public HnApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
