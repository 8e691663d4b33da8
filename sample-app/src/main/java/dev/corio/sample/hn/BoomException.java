package dev.corio.sample.hn;

/**
 * The articles' {@code BoomException}: the API refused a fetch because the fetch budget ran out (the
 * embedded server's fail-after injection answers 503 {@code BOOM!}).
 */
public class BoomException extends HnApiException {
    private static final long serialVersionUID = 1L;

    public BoomException(String message) {
        super(503, message);
    }
}
