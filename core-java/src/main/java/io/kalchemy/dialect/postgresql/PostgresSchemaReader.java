package io.kalchemy.dialect.postgresql;

import io.kalchemy.dialect.SchemaReader;
import io.kalchemy.schema.ReferentialAction;
import io.kalchemy.types.SqlType;
import io.kalchemy.types.SqlTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's schema through {@code pg_catalog}, in the connection's current schema
 * ({@code current_schema()}, normally {@code public}): tables (plain and partitioned), views
 * (plain and materialized, with their {@code pg_get_viewdef}), columns with
 * {@code format_type} names, primary keys, indexes (expression indexes without columns),
 * foreign keys with their actions, and CHECK constraints. A column's type keeps the declared name
 * in the form Kalchemy's own DDL writes ({@code character varying(100)} becomes
 * {@code VARCHAR(100)}), so autogenerate compares like with like, and binds and reads through
 * PostgreSQL's storage of the logical type it stands for. Stateless.
 */
final class PostgresSchemaReader implements SchemaReader {
    static final PostgresSchemaReader INSTANCE = new PostgresSchemaReader();

    /** Joins the namespace of relation {@code c}, for the condition on the current schema. */
    private static final String NAMESPACE_JOIN = " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace";
    private static final String IN_SCHEMA = NAMESPACE_JOIN + " WHERE n.nspname = current_schema()";
    private static final Pattern SIZED = Pattern.compile("\\(([0-9]+)(?:,([0-9]+))?\\)");

    private PostgresSchemaReader() {
    }

    @Override
    public List<String> tableNames(SchemaReader.Queries database) {
        return names(database, "'r', 'p'");
    }

    @Override
    public List<String> viewNames(SchemaReader.Queries database) {
        return names(database, "'v', 'm'");
    }

    private static List<String> names(SchemaReader.Queries database, String kinds) {
        List<String> out = new ArrayList<>();
        for (Object[] r : database.rows("SELECT c.relname FROM pg_catalog.pg_class c" + IN_SCHEMA
                + " AND c.relkind IN (" + kinds + ") ORDER BY c.relname")) {
            out.add((String) r[0]);
        }
        return out;
    }

    /** The exact name first, else the one equal ignoring case (PostgreSQL folds unquoted names to lower case). */
    @Override
    public String storedName(SchemaReader.Queries database, String name) {
        List<Object[]> rows = database.rows("SELECT c.relname FROM pg_catalog.pg_class c" + IN_SCHEMA
                + " AND lower(c.relname) = lower(?) AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY (c.relname = ?) DESC LIMIT 1", name, name);
        return rows.isEmpty() ? null : (String) rows.get(0)[0];
    }

    /** A view's {@code CREATE VIEW} rebuilt from {@code pg_get_viewdef}; null for a table (PostgreSQL keeps no DDL text). */
    @Override
    public String definition(SchemaReader.Queries database, String name) {
        List<Object[]> rows = database.rows("SELECT c.relkind, pg_catalog.pg_get_viewdef(c.oid, true) FROM pg_catalog.pg_class c"
                + IN_SCHEMA + " AND c.relname = ? AND c.relkind IN ('v', 'm')", name);
        if (rows.isEmpty()) {
            return null;
        }
        String kind = String.valueOf(rows.get(0)[0]);
        return ("m".equals(kind) ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") + PostgresDialect.INSTANCE.quote(name)
                + " AS " + rows.get(0)[1];
    }

    @Override
    public List<ReflectedColumn> columns(SchemaReader.Queries database, String table) {
        List<ReflectedColumn> out = new ArrayList<>();
        for (Object[] r : database.rows("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_catalog.pg_get_expr(d.adbin, d.adrelid),"
                + " COALESCE((SELECT k.ord FROM pg_catalog.pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                + "   WHERE i.indrelid = c.oid AND i.indisprimary AND k.attnum = a.attnum), 0)"
                + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + NAMESPACE_JOIN
                + " WHERE n.nspname = current_schema() AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", table)) {
            out.add(new ReflectedColumn((String) r[0], typeOf((String) r[1]), !(Boolean) r[2], (String) r[3], ((Number) r[4]).intValue()));
        }
        return out;
    }

    @Override
    public List<ReflectedIndex> indexes(SchemaReader.Queries database, String table) {
        List<ReflectedIndex> out = new ArrayList<>();
        for (Object[] idx : database.rows("SELECT ic.relname, i.indisunique, EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con"
                + "   WHERE con.conindid = i.indexrelid AND con.contype = 'u'), CAST(i.indexrelid AS BIGINT)"
                + " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
                + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
                + NAMESPACE_JOIN
                + " WHERE n.nspname = current_schema() AND c.relname = ? AND NOT i.indisprimary ORDER BY ic.relname", table)) {
            List<String> columns = new ArrayList<>();
            for (Object[] c : database.rows("SELECT a.attname FROM pg_catalog.pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)"
                    + " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                    + " WHERE i.indexrelid = CAST(? AS BIGINT) ORDER BY k.ord", idx[3])) {
                if (c[0] == null) {
                    columns = null; // an expression: not representable as columns
                    break;
                }
                columns.add((String) c[0]);
            }
            out.add(new ReflectedIndex((String) idx[0], (Boolean) idx[1], (Boolean) idx[2], columns));
        }
        return out;
    }

    @Override
    public List<ReflectedForeignKey> foreignKeys(SchemaReader.Queries database, String table) {
        List<ReflectedForeignKey> out = new ArrayList<>();
        for (Object[] fk : constraints(database, table, "f", "rc.relname, con.confdeltype, con.confupdtype",
                " JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid")) {
            List<String> local = new ArrayList<>();
            List<String> remote = new ArrayList<>();
            for (Object[] p : database.rows("SELECT a.attname, ra.attname FROM pg_catalog.pg_constraint con"
                    + " CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(l, r, ord)"
                    + " JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.l"
                    + " JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.r"
                    + " WHERE CAST(con.oid AS BIGINT) = ? ORDER BY k.ord", fk[0])) {
                local.add((String) p[0]);
                remote.add((String) p[1]);
            }
            out.add(new ReflectedForeignKey((String) fk[2], local, remote, action(fk[3]), action(fk[4])));
        }
        return out;
    }

    /** The bodies of the CHECK constraints, as {@code pg_get_constraintdef} writes them without the {@code CHECK} keyword. */
    @Override
    public List<String> checks(SchemaReader.Queries database, String table) {
        List<String> out = new ArrayList<>();
        for (Object[] r : constraints(database, table, "c", "pg_catalog.pg_get_constraintdef(con.oid, true)", "")) {
            String def = ((String) r[2]).trim();
            if (def.regionMatches(true, 0, "CHECK ", 0, 6)) {
                def = def.substring(6).trim();
            }
            out.add(def.endsWith(" NOT VALID") ? def.substring(0, def.length() - 10) : def);
        }
        return out;
    }

    /**
     * The constraints of kind {@code type} on {@code table}, in creation order: each row is its
     * oid (as a bigint), its name, then {@code selected}.
     */
    static List<Object[]> constraints(SchemaReader.Queries database, String table, String type, String selected, String joins) {
        return database.rows("SELECT CAST(con.oid AS BIGINT), con.conname, " + selected + " FROM pg_catalog.pg_constraint con"
                + " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid" + joins
                + NAMESPACE_JOIN
                + " WHERE n.nspname = current_schema() AND c.relname = ? AND con.contype = ? ORDER BY con.oid", table, type);
    }

    private static ReferentialAction action(Object code) {
        return switch (String.valueOf(code)) {
            case "c" -> ReferentialAction.CASCADE;
            case "n" -> ReferentialAction.SET_NULL;
            case "d" -> ReferentialAction.SET_DEFAULT;
            case "r" -> ReferentialAction.RESTRICT;
            default -> ReferentialAction.NO_ACTION;
        };
    }

    /**
     * The type of a column {@code format_type} names: PostgreSQL's storage of the logical type it
     * stands for, declared as Kalchemy's DDL writes it. Unknown types keep their name and bind and
     * read as the driver does.
     */
    static SqlType<?> typeOf(String formatType) {
        String f = formatType.toLowerCase(Locale.ROOT).trim();
        Matcher sized = SIZED.matcher(f);
        String size = sized.find() ? sized.group() : "";
        SqlType<?> base;
        String ddl;
        if (f.equals("bigint")) {
            base = SqlTypes.LONG;
            ddl = "BIGINT";
        } else if (f.equals("integer") || f.equals("smallint")) {
            base = SqlTypes.INTEGER;
            ddl = f.toUpperCase(Locale.ROOT);
        } else if (f.equals("text")) {
            base = SqlTypes.TEXT;
            ddl = "TEXT";
        } else if (f.startsWith("character varying")) {
            base = SqlTypes.TEXT;
            ddl = "VARCHAR" + size;
        } else if (f.startsWith("character")) {
            base = SqlTypes.TEXT;
            ddl = "CHAR" + size;
        } else if (f.equals("boolean")) {
            base = SqlTypes.BOOLEAN;
            ddl = "BOOLEAN";
        } else if (f.equals("uuid")) {
            base = SqlTypes.UUID;
            ddl = "UUID";
        } else if (f.startsWith("numeric")) {
            base = size.isEmpty() ? SqlTypes.DECIMAL : SqlTypes.numeric(Integer.parseInt(sized.group(1)),
                    sized.group(2) == null ? 0 : Integer.parseInt(sized.group(2)));
            ddl = "NUMERIC" + size;
        } else if (f.equals("double precision") || f.equals("real")) {
            base = SqlTypes.DOUBLE;
            ddl = f.toUpperCase(Locale.ROOT);
        } else if (f.equals("bytea")) {
            base = SqlTypes.BLOB;
            ddl = "BYTEA";
        } else if (f.startsWith("timestamp")) {
            boolean zoned = f.contains("with time zone");
            base = zoned ? SqlTypes.INSTANT : SqlTypes.DATETIME;
            ddl = zoned ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP";
        } else if (f.equals("date")) {
            base = SqlTypes.DATE;
            ddl = "DATE";
        } else if (f.startsWith("time")) {
            base = SqlTypes.TIME;
            ddl = "TIME";
        } else if (f.equals("jsonb") || f.equals("json")) {
            base = SqlTypes.TEXT; // the document's text; a mapped JSON property decodes it
            ddl = f.toUpperCase(Locale.ROOT);
        } else {
            base = SqlTypes.ANY;
            ddl = formatType.toUpperCase(Locale.ROOT);
        }
        return PostgresTypes.declaredAs(PostgresTypes.INSTANCE.resolve(base), ddl);
    }
}
