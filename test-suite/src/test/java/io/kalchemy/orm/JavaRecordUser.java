package io.kalchemy.orm;

/** A record: usable as a query result, refused as an entity. */
public record JavaRecordUser(long id, String name) {
}
