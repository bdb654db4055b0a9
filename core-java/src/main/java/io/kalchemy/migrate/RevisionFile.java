package io.kalchemy.migrate;

import io.kalchemy.dialect.SqlScript;
import io.kalchemy.errors.MigrationError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes SQL revision files. A file is a header of {@code -- key: value} lines
 * ({@code revision}, {@code parent} — {@code none} for the first — and {@code message}), then a
 * {@code -- upgrade} section and a {@code -- downgrade} section of semicolon-terminated statements.
 */
public final class RevisionFile {
    private RevisionFile() {
    }

    /**
     * Parses {@code file}.
     *
     * @throws MigrationError naming the file when the header or sections are missing
     */
    public static Revision read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationError("cannot read revision file " + file + ": " + e.getMessage(), e);
        }
        String id = null;
        String parent = null;
        boolean parentSeen = false;
        String message = "";
        StringBuilder up = new StringBuilder();
        StringBuilder down = new StringBuilder();
        StringBuilder section = null;
        for (String line : text.split("\n", -1)) {
            String t = line.strip();
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.equals("-- upgrade")) {
                section = up;
            } else if (lower.equals("-- downgrade")) {
                section = down;
            } else if (section == null && t.startsWith("--") && t.contains(":")) {
                String key = t.substring(2, t.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                String value = t.substring(t.indexOf(':') + 1).strip();
                switch (key) {
                    case "revision" -> id = value;
                    case "parent" -> {
                        parentSeen = true;
                        parent = value.isEmpty() || value.equalsIgnoreCase("none") ? null : value;
                    }
                    case "message" -> message = value;
                    default -> { }
                }
            } else if (section != null) {
                section.append(line).append('\n');
            }
        }
        if (id == null || id.isEmpty()) {
            throw new MigrationError("revision file " + file + " has no '-- revision: <id>' header line");
        }
        if (!parentSeen) {
            throw new MigrationError("revision file " + file + " has no '-- parent: <id or none>' header line");
        }
        return new Revision(id, parent, message, statements(up.toString()), statements(down.toString()), file);
    }

    /** Writes {@code revision} into {@code directory} as {@code <id>_<slug>.sql} and returns the path. */
    public static Path write(Path directory, Revision revision) {
        StringBuilder sb = new StringBuilder();
        sb.append("-- revision: ").append(revision.id()).append('\n');
        sb.append("-- parent: ").append(revision.parent() == null ? "none" : revision.parent()).append('\n');
        sb.append("-- message: ").append(revision.message().replace('\n', ' ')).append("\n\n-- upgrade\n");
        for (String s : revision.upgrade()) {
            sb.append(s).append(";\n");
        }
        sb.append("\n-- downgrade\n");
        for (String s : revision.downgrade()) {
            sb.append(s).append(";\n");
        }
        String slug = revision.message().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40);
        }
        Path file = directory.resolve(revision.id() + (slug.isEmpty() ? "" : "_" + slug) + ".sql");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MigrationError("cannot write revision file " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The statements of a revision's SQL (see {@link SqlScript}). */
    static List<String> statements(String sql) {
        return SqlScript.statements(sql);
    }
}
