package io.kalchemy.orm;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Ready-made suppliers for {@link MappedColumn#clientDefault()} and {@link MappedColumn#onUpdate()}:
 * {@code @MappedColumn(clientDefault = ColumnDefaults.CurrentInstant.class, onUpdate = ColumnDefaults.CurrentInstant.class)}.
 * Stateless and thread-safe; write your own as a public class with a no-argument constructor.
 */
public final class ColumnDefaults {
    private ColumnDefaults() {
    }

    /** {@link Instant#now()}. */
    public static final class CurrentInstant implements Supplier<Instant> {
        @Override
        public Instant get() {
            return Instant.now();
        }
    }

    /** The current UTC date-time as a {@link LocalDateTime} (SQLAlchemy's {@code datetime.utcnow}). */
    public static final class CurrentUtcDateTime implements Supplier<LocalDateTime> {
        @Override
        public LocalDateTime get() {
            return LocalDateTime.now(ZoneOffset.UTC);
        }
    }

    /** Today's UTC date. */
    public static final class CurrentUtcDate implements Supplier<LocalDate> {
        @Override
        public LocalDate get() {
            return LocalDate.now(ZoneOffset.UTC);
        }
    }

    /** A random (version 4) UUID. */
    public static final class RandomUuid implements Supplier<UUID> {
        @Override
        public UUID get() {
            return UUID.randomUUID();
        }
    }
}
