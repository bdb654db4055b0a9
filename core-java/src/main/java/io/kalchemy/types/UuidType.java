package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;

/**
 * {@code UUID} stored as 32 lower-case hex digits without dashes under CHAR(32), as SQLAlchemy's
 * {@code Uuid} type does on SQLite. Reading also accepts the dashed 36-character form and
 * 16-byte blobs.
 */
final class UuidType extends BaseType<UUID> {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    UuidType() {
        super(UUID.class, "CHAR(32)");
    }

    static String hex(UUID u) {
        char[] out = new char[32];
        long hi = u.getMostSignificantBits();
        long lo = u.getLeastSignificantBits();
        for (int i = 0; i < 16; i++) {
            out[15 - i] = HEX[(int) (hi >>> (4 * i)) & 0xf];
            out[31 - i] = HEX[(int) (lo >>> (4 * i)) & 0xf];
        }
        return new String(out);
    }

    @Override
    public void bind(PreparedStatement statement, int index, UUID value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.CHAR);
        } else {
            statement.setString(index, hex(value));
        }
    }

    @Override
    public UUID read(ResultSet row, int index) throws SQLException {
        Object stored = row.getObject(index);
        return stored == null ? null : coerce(stored);
    }

    @Override
    public UUID coerce(Object value) {
        if (value == null || value instanceof UUID) {
            return (UUID) value;
        }
        if (value instanceof byte[] b && b.length == 16) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
            return new UUID(buf.getLong(), buf.getLong());
        }
        String s = value.toString();
        try {
            if (s.length() == 32) {
                return new UUID(Long.parseUnsignedLong(s.substring(0, 16), 16),
                        Long.parseUnsignedLong(s.substring(16), 16));
            }
            if (s.length() == 36) {
                return UUID.fromString(s);
            }
        } catch (IllegalArgumentException e) {
            throw cannotRead(s, e);
        }
        throw cannotRead(s, null);
    }
}
