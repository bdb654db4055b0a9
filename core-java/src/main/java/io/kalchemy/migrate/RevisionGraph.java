package io.kalchemy.migrate;

import io.kalchemy.errors.MigrationError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The revisions of a versions folder as one linear history from the base revision to the head,
 * checked on load: unique ids, exactly one base, no two revisions following the same parent, no
 * parent that does not exist.
 */
public final class RevisionGraph {
    private final List<Revision> chain;
    private final Map<String, Integer> position = new HashMap<>();

    private RevisionGraph(List<Revision> chain) {
        this.chain = List.copyOf(chain);
        for (int i = 0; i < chain.size(); i++) {
            position.put(chain.get(i).id(), i);
        }
    }

    /**
     * Reads every {@code *.sql} file of {@code directory} (a missing folder has no revisions).
     *
     * @throws MigrationError naming the files when the history is inconsistent
     */
    public static RevisionGraph load(Path directory) {
        List<Revision> revisions = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList()) {
                    revisions.add(RevisionFile.read(f));
                }
            } catch (IOException e) {
                throw new MigrationError("cannot list the versions folder " + directory + ": " + e.getMessage(), e);
            }
        }
        return of(revisions);
    }

    /**
     * Orders {@code revisions} into a history.
     *
     * @throws MigrationError on duplicate ids, several bases, a missing parent or a branch
     */
    public static RevisionGraph of(List<Revision> revisions) {
        Map<String, Revision> byId = new HashMap<>();
        Map<String, Revision> byParent = new HashMap<>();
        Revision base = null;
        for (Revision r : revisions) {
            Revision same = byId.put(r.id(), r);
            if (same != null) {
                throw new MigrationError("two revisions have the id '" + r.id() + "': " + same.file() + " and " + r.file());
            }
            if (r.parent() == null) {
                if (base != null) {
                    throw new MigrationError("two base revisions (parent: none): " + describe(base) + " and " + describe(r));
                }
                base = r;
            } else {
                Revision sibling = byParent.put(r.parent(), r);
                if (sibling != null) {
                    throw new MigrationError("revisions " + describe(sibling) + " and " + describe(r) + " both follow '" + r.parent()
                            + "': the history branches; set one's parent to the other");
                }
            }
        }
        for (Revision r : revisions) {
            if (r.parent() != null && !byId.containsKey(r.parent())) {
                throw new MigrationError("revision " + describe(r) + " follows '" + r.parent() + "', which is not in the versions folder");
            }
        }
        List<Revision> chain = new ArrayList<>();
        if (base == null && !revisions.isEmpty()) {
            throw new MigrationError("no base revision (one with parent: none) among " + byId.keySet() + ": the history is a cycle");
        }
        for (Revision r = base; r != null; r = byParent.get(r.id())) {
            chain.add(r);
        }
        if (chain.size() != revisions.size()) {
            throw new MigrationError("revisions unreachable from the base '" + base.id() + "' (a cycle): "
                    + revisions.stream().filter(r -> !chain.contains(r)).map(RevisionGraph::describe).toList());
        }
        return new RevisionGraph(chain);
    }

    private static String describe(Revision r) {
        return "'" + r.id() + "'" + (r.file() == null ? "" : " (" + r.file().getFileName() + ")");
    }

    /** The revisions from base to head. */
    public List<Revision> revisions() {
        return chain;
    }

    /** The head revision's id, or null when there are no revisions. */
    public String head() {
        return chain.isEmpty() ? null : chain.get(chain.size() - 1).id();
    }

    /** True when {@code id} is one of the revisions. */
    public boolean contains(String id) {
        return position.containsKey(id);
    }

    /**
     * The 0-based position of {@code id} in the history, -1 for null (the empty database).
     *
     * @throws MigrationError when the id is unknown
     */
    public int indexOf(String id) {
        if (id == null) {
            return -1;
        }
        Integer i = position.get(id);
        if (i == null) {
            throw new MigrationError("no revision '" + id + "'; revisions are " + position.keySet());
        }
        return i;
    }
}
