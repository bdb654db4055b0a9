package io.kalchemy.types;

/**
 * A type whose values are stored as JSON documents, encoded to and decoded from JSON text by the
 * type itself (the JSON library lives in another module). A dialect with a JSON storage type of
 * its own stores it there (PostgreSQL: {@code jsonb}); others keep the text (SQLite: {@code JSON}
 * affinity, as SQLAlchemy stores it).
 *
 * @param <T> the Java type of the values
 */
public interface JsonDocumentType<T> extends SqlType<T> {
    /** The JSON text of {@code value} (not null). */
    String encode(T value);

    /**
     * The value of JSON {@code text}.
     *
     * @throws io.kalchemy.errors.DataError when the text is not a document of this type
     */
    T decode(String text);
}
