package io.kalchemy.migrate;

import io.kalchemy.dialect.Encryption;
import io.kalchemy.engine.Engine;
import io.kalchemy.engine.EngineOptions;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.KalchemyException;
import io.kalchemy.errors.MigrationError;
import io.kalchemy.schema.MetaData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The migration command line, Alembic's commands over a {@link Migrator} (parsed by picocli):
 * {@code [--url] jdbc:sqlite:app.db [--dir migrations] [--key-env NAME [--cipher ...]] <command>}
 * where command is {@code upgrade [head|<rev>]}, {@code downgrade [<n>|<rev>|base]} (default 1),
 * {@code revision -m <message> [--autogenerate --metadata <class>]}, {@code current},
 * {@code history} or {@code heads}; {@code --help} on the command or any subcommand, and
 * {@code help <command>}, print their usage. {@code --metadata} names a class that implements
 * {@code Supplier<MetaData>} (no-argument constructor) or has a static {@code metadata()} method.
 * {@code --key-env NAME} opens an encrypted database with the key held by environment variable
 * {@code NAME} (never on the command line, where other users see it).
 *
 * <p>Run it from a user's project with Kalchemy on the classpath, e.g. through
 * {@code mvn exec:java -Dexec.mainClass=io.kalchemy.migrate.MigrationCommand -Dexec.args="..."},
 * or call {@link #run} from a one-line main. Exit status: 0 on success, 1 when the migration
 * failed (the message says why), 2 on bad usage.
 */
@Command(name = "kalchemy-migrate", mixinStandardHelpOptions = true, version = "Kalchemy migrations",
        subcommands = HelpCommand.class, sortOptions = false,
        description = "Alembic-style migrations: SQL revision files in a folder, applied to the database at --url.")
public final class MigrationCommand {
    @Option(names = "--url", required = true, paramLabel = "<jdbc url>", description = "The database, e.g. jdbc:sqlite:app.db.")
    String url;

    @Option(names = "--dir", defaultValue = "migrations", paramLabel = "<folder>",
            description = "The folder of revision files (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--key-env", paramLabel = "<variable>",
            description = "Opens an encrypted database with the key held by this environment variable.")
    String keyEnv;

    @Option(names = "--cipher", defaultValue = "sqlcipher4", paramLabel = "<scheme>",
            description = "With --key-env: sqlcipher4 (default), sqlcipher3 or chacha20.")
    String cipher;

    private PrintStream out;

    private MigrationCommand() {
    }

    /** Runs the command and exits with its status (0 on success, 1 on a migration error, 2 on bad usage). */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command, printing to {@code out} and {@code err}; returns the exit status (0 on
     * success, 1 when the migration failed, 2 on bad usage). Never calls {@code System.exit}.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        MigrationCommand command = new MigrationCommand();
        command.out = out;
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof UsageError) {
                cmd.getErr().println(e.getMessage());
                cmd.usage(cmd.getErr());
                return CommandLine.ExitCode.USAGE;
            }
            if (e instanceof KalchemyException) {
                cmd.getErr().println("error: " + e.getMessage());
                return CommandLine.ExitCode.SOFTWARE;
            }
            throw e;
        });
        return line.execute(args);
    }

    @Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Applies revisions up to the target.")
    int upgrade(@Parameters(defaultValue = "head", paramLabel = "<target>",
            description = "head (default) or a revision id.") String target) {
        return withMigrator(m -> {
            m.upgrade(target).forEach(id -> out.println("upgraded to " + id));
            out.println("current: " + orBase(m.current()));
        });
    }

    @Command(name = "downgrade", mixinStandardHelpOptions = true,
            description = "Undoes revisions: a count, down to a revision id, or to base.")
    int downgrade(@Parameters(defaultValue = "1", paramLabel = "<n|rev|base>",
            description = "How many revisions (default 1), a revision id to stay at, or base.") String target) {
        return withMigrator(m -> {
            List<String> undone = target.matches("\\d+") ? m.downgrade(Integer.parseInt(target)) : m.downgrade(target);
            undone.forEach(id -> out.println("downgraded " + id));
            out.println("current: " + orBase(m.current()));
        });
    }

    @Command(name = "revision", mixinStandardHelpOptions = true,
            description = "Writes a new revision file after the head (empty, or with --autogenerate the differences).")
    int revision(@Option(names = {"-m", "--message"}, required = true, description = "What the revision does.") String message,
                 @Option(names = "--autogenerate", description = "Compare --metadata with the database and write the changes.") boolean autogenerate,
                 @Option(names = "--metadata", paramLabel = "<class>",
                         description = "A Supplier<MetaData> class, or a class with a static metadata() method.") String metadataClass) {
        if (autogenerate && metadataClass == null) {
            throw new UsageError("revision --autogenerate needs --metadata <class> to compare with the database");
        }
        MetaData metadata = autogenerate ? metadata(metadataClass) : null;
        return withMigrator(m -> {
            Revision r = m.revision(message, metadata);
            out.println("wrote " + r.file());
            printOperations(r.file());
        });
    }

    @Command(name = "current", mixinStandardHelpOptions = true, description = "Prints the revision the database is at.")
    int current() {
        return withMigrator(m -> {
            out.println(orBase(m.current()));
        });
    }

    @Command(name = "heads", mixinStandardHelpOptions = true, description = "Prints the newest revision of the folder.")
    int heads() {
        return withMigrator(m -> {
            out.println(orBase(m.head()));
        });
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "Lists the revisions, newest first.")
    int history() {
        return withMigrator(m -> {
            String current = m.current();
            List<Revision> all = m.history();
            for (int i = all.size() - 1; i >= 0; i--) {
                Revision r = all.get(i);
                out.println(r + (r.id().equals(current) ? " (current)" : "") + (i == all.size() - 1 ? " (head)" : ""));
            }
        });
    }

    /** Runs {@code work} with a migrator over the database at {@code --url}; returns the exit status 0 (failures throw). */
    private int withMigrator(Consumer<Migrator> work) {
        try (Engine engine = Engine.create(url, new EngineOptions().encryption(encryption()))) {
            work.accept(new Migrator(engine, dir));
            return 0;
        }
    }

    private Encryption encryption() {
        if (keyEnv == null) {
            return null;
        }
        String key = System.getenv(keyEnv);
        if (key == null || key.isEmpty()) {
            throw new UsageError("--key-env " + keyEnv + ": that environment variable is not set");
        }
        return switch (cipher) {
            case "chacha20" -> Encryption.chaCha20(key);
            case "sqlcipher3" -> Encryption.sqlCipher(key, 3);
            case "sqlcipher4" -> Encryption.sqlCipher(key, 4);
            default -> throw new UsageError("--cipher must be sqlcipher4, sqlcipher3 or chacha20, got " + cipher);
        };
    }

    /** Prints the operation comments autogenerate wrote in the upgrade section. */
    private void printOperations(Path file) {
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
            throw new ArgumentError("--metadata " + className
                    + " must name a class implementing Supplier<MetaData> or with a static metadata() method: " + e, e);
        }
    }

    /** Bad usage found after parsing (exit status 2, with the usage). */
    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }
}
