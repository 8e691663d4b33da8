package dev.corio.sample.hn;

/** The API has no item with the id asked for: it answered {@code null}. */
public class NoSuchItemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long id;

    public NoSuchItemException(long id, String url) {
        super("item " + id + " does not exist (" + url + " answered null)");
        this.id = id;
    }

    public long id() {
        return id;
    }
}
