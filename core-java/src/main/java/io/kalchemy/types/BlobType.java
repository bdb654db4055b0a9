package io.kalchemy.types;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** {@code byte[]} stored as BLOB. Arrays are passed through without copying. */
final class BlobType extends BaseType<byte[]> {
    BlobType() {
        super(byte[].class, "BLOB");
    }

    @Override
    public void bind(PreparedStatement statement, int index, byte[] value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BLOB);
        } else {
            statement.setBytes(index, value);
        }
    }

    @Override
    public byte[] read(ResultSet row, int index) throws SQLException {
        return row.getBytes(index);
    }
}
