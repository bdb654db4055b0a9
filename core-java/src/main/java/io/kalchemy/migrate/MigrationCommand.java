package io.kalchemy.migrate;

import io.kalchemy.engine.Engine;
import io.kalchemy.errors.KalchemyException;
import io.kalchemy.schema.MetaData;

import io.kalchemy.errors.MigrationError;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The migration command line, Alembic's commands over a {@link Migrator}:
 * {@code --url jdbc:sqlite:app.db --dir migrations [--metadata com.example.Schema] <command>} where
 * command is {@code upgrade [head|<rev>]}, {@code downgrade [<n>|<rev>|base]} (default 1),
 * {@code revision -m <message> [--autogenerate]}, {@code current}, {@code history} or {@code heads}.
 * {@code --metadata} names a class that implements {@code Supplier<MetaData>} (no-argument
 * constructor) or has a static {@code metadata()} method, needed by {@code --autogenerate}.
 * {@code --key-env NAME} opens an encrypted database with the key held by environment variable
 * {@code NAME} (never on the command line, where other users see it), in the scheme
 * {@code --cipher sqlcipher4} (default), {@code sqlcipher3} or {@code chacha20}.
 */
public final class MigrationCommand {
    private MigrationCommand() {
    }

    /** Runs the command and exits with its status (0 on success, 1 on a migration error, 2 on bad usage). */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        String dir = "migrations";
        String metadataClass = null;
        String message = null;
        boolean autogenerate = false;
        String keyEnv = null;
        String cipher = "sqlcipher4";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--url" -> url = i + 1 < args.length ? args[++i] : null;
                case "--dir" -> dir = i + 1 < args.length ? args[++i] : null;
                case "--metadata" -> metadataClass = i + 1 < args.length ? args[++i] : null;
                case "-m", "--message" -> message = i + 1 < args.length ? args[++i] : null;
                case "--autogenerate" -> autogenerate = true;
                case "--key-env" -> keyEnv = i + 1 < args.length ? args[++i] : null;
                case "--cipher" -> cipher = i + 1 < args.length ? args[++i] : null;
                default -> rest.add(a);
            }
        }
        if (url == null || dir == null || rest.isEmpty()) {
            err.println("usage: --url <jdbc url> --dir <versions folder> [--metadata <class>] "
                    + "[--key-env <variable holding the key> [--cipher sqlcipher4|sqlcipher3|chacha20]] "
                    + "upgrade [head|<rev>] | downgrade [<n>|<rev>|base] | revision -m <message> [--autogenerate] | current | history | heads");
            return 2;
        }
        io.kalchemy.dialect.Encryption encryption = null;
        if (keyEnv != null) {
            String key = System.getenv(keyEnv);
            if (key == null || key.isEmpty() || cipher == null || !List.of("sqlcipher4", "sqlcipher3", "chacha20").contains(cipher)) {
                err.println(key == null || key.isEmpty() ? "--key-env " + keyEnv + ": that environment variable is not set"
                        : "--cipher must be sqlcipher4, sqlcipher3 or chacha20");
                return 2;
            }
            encryption = cipher.equals("chacha20") ? io.kalchemy.dialect.Encryption.chaCha20(key)
                    : io.kalchemy.dialect.Encryption.sqlCipher(key, cipher.equals("sqlcipher3") ? 3 : 4);
        }
        try (Engine engine = Engine.create(url, new io.kalchemy.engine.EngineOptions().encryption(encryption))) {
            Migrator migrator = new Migrator(engine, Path.of(dir));
            String arg = rest.size() > 1 ? rest.get(1) : null;
            switch (rest.get(0)) {
                case "upgrade" -> {
                    List<String> applied = migrator.upgrade(arg == null ? "head" : arg);
                    applied.forEach(id -> out.println("upgraded to " + id));
                    out.println("current: " + orBase(migrator.current()));
                }
                case "downgrade" -> {
                    List<String> undone = arg == null ? migrator.downgrade(1)
                            : arg.matches("\\d+") ? migrator.downgrade(Integer.parseInt(arg)) : migrator.downgrade(arg);
                    undone.forEach(id -> out.println("downgraded " + id));
                    out.println("current: " + orBase(migrator.current()));
                }
                case "revision" -> {
                    if (message == null) {
                        err.println("revision needs -m <message>");
                        return 2;
                    }
                    MetaData md = null;
                    if (autogenerate) {
                        if (metadataClass == null) {
                            err.println("revision --autogenerate needs --metadata <class> to compare with the database");
                            return 2;
                        }
                        md = metadata(metadataClass);
                    }
                    Revision r = migrator.revision(message, md);
                    out.println("wrote " + r.file());
                    printOperations(r.file(), out);
                }
                case "current" -> out.println(orBase(migrator.current()));
                case "heads" -> out.println(orBase(migrator.head()));
                case "history" -> {
                    String current = migrator.current();
                    List<Revision> all = migrator.history();
                    for (int i = all.size() - 1; i >= 0; i--) {
                        Revision r = all.get(i);
                        out.println(r + (r.id().equals(current) ? " (current)" : "") + (i == all.size() - 1 ? " (head)" : ""));
                    }
                }
                default -> {
                    err.println("unknown command '" + rest.get(0) + "': use upgrade, downgrade, revision, current, history or heads");
                    return 2;
                }
            }
            return 0;
        } catch (KalchemyException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Prints the operation comments autogenerate wrote in the upgrade section. */
    private static void printOperations(Path file, PrintStream out) {
        boolean inUpgrade = false;
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.equals("-- upgrade") || line.equals("-- downgrade")) {
                    inUpgrade = line.equals("-- upgrade");
                } else if (inUpgrade && line.startsWith("-- ")) {
                    out.println("  " + line.substring(3));
                }
            }
        } catch (IOException e) {
            throw new MigrationError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String orBase(String id) {
        return id == null ? "<base>" : id;
    }

    @SuppressWarnings("unchecked")
    private static MetaData metadata(String className) {
        try {
            Class<?> c = Class.forName(className);
            if (Supplier.class.isAssignableFrom(c)) {
                return ((Supplier<MetaData>) c.getDeclaredConstructor().newInstance()).get();
            }
            return (MetaData) c.getMethod("metadata").invoke(null);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new io.kalchemy.errors.ArgumentError("--metadata " + className
                    + " must name a class implementing Supplier<MetaData> or with a static metadata() method: " + e, e);
        }
    }
}
