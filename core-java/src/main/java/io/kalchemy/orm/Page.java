package io.kalchemy.orm;

import java.util.List;

/**
 * One page of a query's results with the total count over all pages.
 *
 * @param items the items on this page
 * @param total the number of items over all pages
 * @param page the 1-based page number
 * @param size the page size asked for
 * @param <T> the item type
 */
public record Page<T>(List<T> items, long total, int page, int size) {
    /** The number of pages (0 when there are no items). */
    public int totalPages() {
        return (int) ((total + size - 1) / size);
    }

    /** True when a later page exists. */
    public boolean hasNext() {
        return (long) page * size < total;
    }
}
