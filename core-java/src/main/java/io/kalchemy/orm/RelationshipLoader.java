package io.kalchemy.orm;

import io.kalchemy.engine.Row;
import io.kalchemy.schema.Column;
import io.kalchemy.sql.Expression;
import io.kalchemy.sql.Select;
import io.kalchemy.sql.SortOrder;
import io.kalchemy.sql.Sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies loading strategies to objects just loaded: SELECTIN issues one {@code IN} query per
 * relationship level for all of them (chunked), RAISE puts the unloaded sentinel in collections,
 * NOLOAD leaves fields as constructed. Nested loader options continue on the loaded objects.
 * Only empty (unloaded) fields are filled, so objects already in the session keep their state.
 */
final class RelationshipLoader {
    /** Keys per IN query: SQLite allows 32,766 bound variables, and composite keys use one per part. */
    static final int CHUNK = 10_000;

    private final Session session;

    RelationshipLoader(Session session) {
        this.session = session;
    }

    /**
     * Applies strategies to {@code entities} of {@code mapper}: {@code created} are those this load
     * instantiated (their collections were never loaded); {@code options} come from the query.
     * The options were checked when the query started ({@code QueryLoading.checkOptions}).
     */
    void apply(Mapper<?> mapper, List<Object> entities, Set<Object> created, List<LoadOption> options) {
        if (entities.isEmpty() || !mapper.hasRelationships()) {
            return;
        }
        for (Relationship r : mapper.relationships()) {
            Load strategy = r.load();
            io.kalchemy.sql.Expression<Boolean> filter = null;
            boolean fromRows = false;
            List<LoadOption> nested = new ArrayList<>();
            for (LoadOption o : options) {
                if (o.root().isAssignableFrom(mapper.type()) && o.path().get(0).relationship().equals(r.name())) {
                    strategy = o.path().get(0).strategy();
                    filter = o.path().get(0).filter();
                    fromRows |= o.fromRows() != LoadOption.FromRows.NO;
                    if (o.path().size() > 1) {
                        nested.add(continued(o, r));
                    }
                }
            }
            if (fromRows) {
                continue; // filled from the query's own rows
            }
            switch (strategy) {
                case SELECTIN -> selectin(r, entities, created, nested, filter);
                case RAISE -> {
                    for (Object e : entities) {
                        if (created.contains(e)) {
                            r.set(e, r.unloadedPlaceholder());
                        }
                    }
                }
                case NOLOAD -> {
                    // left as constructed, on purpose
                }
            }
        }
    }

    private static LoadOption continued(LoadOption o, Relationship r) {
        LoadOption next = null;
        for (LoadOption.Step step : o.path().subList(1, o.path().size())) {
            next = next == null
                    ? (step.strategy() == Load.SELECTIN ? LoadOption.selectin(r.target().type(), step.relationship())
                    : step.strategy() == Load.RAISE ? LoadOption.raise(r.target().type(), step.relationship())
                    : LoadOption.noload(r.target().type(), step.relationship()))
                    : (step.strategy() == Load.RAISE ? next.raise(step.relationship()) : next.selectin(step.relationship()));
        }
        return next;
    }

    /** Loads relationship {@code r} of every owner whose field is not loaded yet. */
    /**
     * Loads {@code r} of {@code owners} now with one query, replacing whatever their fields hold
     * (the explicit form of lazy loading: {@code Session.load}).
     */
    void loadNow(Relationship r, List<Object> owners) {
        Set<Object> force = Collections.newSetFromMap(new IdentityHashMap<>());
        force.addAll(owners);
        if (!r.isCollection()) {
            for (Object owner : owners) {
                r.set(owner, null);
            }
        }
        selectin(r, owners, force, List.of());
    }

    void selectin(Relationship r, List<Object> owners, Set<Object> created, List<LoadOption> nested) {
        selectin(r, owners, created, nested, null);
    }

    /** As {@link #selectin(Relationship, List, Set, List)}, keeping only related rows matching {@code filter}. */
    void selectin(Relationship r, List<Object> owners, Set<Object> created, List<LoadOption> nested,
                  io.kalchemy.sql.Expression<Boolean> filter) {
        List<Object> todo = new ArrayList<>();
        for (Object o : owners) {
            boolean unloaded = r.isCollection()
                    ? created.contains(o) || !r.isLoaded(o)
                    : r.get(o) == null && r.fkValue(o) != null;
            if (unloaded) {
                todo.add(o);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        // applying the targets' own strategies asks which of them were created only for a collection,
        // a raising relationship or a nested option; otherwise marking and unmarking 10,000 children
        // was a tenth of W4 (issue 19)
        Mapper.RelationshipRoles roles = r.target().roles();
        boolean asksCreated = !nested.isEmpty() || roles.collections().length > 0 || roles.raising().length > 0;
        NewObjects newObjects = asksCreated ? NewObjects.MARK : NewObjects.UNMARKED;
        List<Object> loadedTargets = switch (r.kind()) {
            case MANY_TO_ONE -> manyToOne(r, todo, newObjects);
            case ONE_TO_MANY -> oneToMany(r, todo, filter, newObjects);
            case MANY_TO_MANY -> manyToMany(r, todo, filter);
        };
        if (!loadedTargets.isEmpty()) {
            apply(r.target(), loadedTargets, asksCreated ? session.loading().createdAmong(loadedTargets) : Set.of(), nested);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> manyToOne(Relationship r, List<Object> owners, NewObjects newObjects) {
        Set<Object> keys = new LinkedHashSet<>();
        for (Object o : owners) {
            Object k = r.fkValue(o);
            if (k != null) {
                keys.add(k);
            }
        }
        Map<Object, Object> byKey = new HashMap<>();
        List<Object> missing = new ArrayList<>();
        for (Object k : keys) {
            Object known = session.objects().inIdentityMap(r.target(), k);
            if (known != null) {
                byKey.put(k, known);
            } else {
                missing.add(k);
            }
        }
        List<Object> loaded = new ArrayList<>();
        List<Column<Object>> pk = Relationship.keyColumns(r.target());
        for (List<Object> chunk : chunks(missing)) {
            for (Object t : session.loading().firstColumn(Sql.select(r.target()).where(Relationship.matches(pk, chunk)), newObjects)) {
                byKey.put(r.target().identityOf(t), t);
                loaded.add(t);
            }
        }
        for (Object o : owners) {
            Object k = r.fkValue(o);
            r.set(o, k == null ? null : byKey.get(k));
            session.objects().markReferenceLoaded(o, r);
        }
        return loaded;
    }

    @SuppressWarnings("unchecked")
    private List<Object> oneToMany(Relationship r, List<Object> owners, io.kalchemy.sql.Expression<Boolean> filter, NewObjects newObjects) {
        Mapper<?> target = r.target();
        Map<Object, List<Object>> byOwnerKey = new HashMap<>();
        List<Object> ownerKeys = ownerKeys(r, owners, byOwnerKey);
        List<Object> loaded = new ArrayList<>();
        for (List<Object> chunk : chunks(ownerKeys)) {
            Select q = Sql.select(target).where(Relationship.matches(r.fkColumns(), chunk)).orderBy(order(r));
            if (filter != null) {
                q = q.where(filter);
            }
            for (Object child : session.loading().firstColumn(q, newObjects)) {
                List<Object> siblings = byOwnerKey.get(r.fkValue(child));
                if (siblings != null) {
                    siblings.add(child);
                }
                loaded.add(child);
            }
        }
        for (Object o : owners) {
            Object k = r.owner().identityOf(o);
            List<Object> children = k == null ? List.of() : byOwnerKey.getOrDefault(k, List.of());
            fill(r, o, children);
            Relationship back = r.inverse();
            for (Object child : children) {
                if (back.get(child) == null) {
                    back.set(child, o);
                }
            }
        }
        return loaded;
    }

    /** The identities of the persistent owners, each given an empty list in {@code byOwnerKey} to collect its children. */
    private static List<Object> ownerKeys(Relationship r, List<Object> owners, Map<Object, List<Object>> byOwnerKey) {
        List<Object> keys = new ArrayList<>();
        for (Object o : owners) {
            Object k = r.owner().identityOf(o);
            if (k != null) {
                keys.add(k);
                byOwnerKey.put(k, new ArrayList<>());
            }
        }
        return keys;
    }

    private SortOrder[] order(Relationship r) {
        List<SortOrder> order = new ArrayList<>();
        for (Column<Object> c : r.fkColumns()) {
            order.add(c.asc());
        }
        if (!r.orderBy().isEmpty()) {
            order.add(r.target().property(r.orderBy()).column().asc());
        }
        for (Column<Object> c : Relationship.keyColumns(r.target())) {
            order.add(c.asc());
        }
        return order.toArray(new SortOrder[0]);
    }

    @SuppressWarnings("unchecked")
    private List<Object> manyToMany(Relationship r, List<Object> owners, io.kalchemy.sql.Expression<Boolean> filter) {
        Map<Object, List<Object>> byOwnerKey = new HashMap<>();
        List<Object> ownerKeys = ownerKeys(r, owners, byOwnerKey);
        List<Object> loaded = new ArrayList<>();
        Column<Object> targetKey = r.target().keyProperties().get(0).column();
        for (List<Object> chunk : chunks(ownerKeys)) {
            Select q = Sql.select(r.target(), r.ownerColumn()).from(r.association())
                    .join(r.target(), r.targetColumn().eq((Expression<Object>) targetKey))
                    .where(r.ownerColumn().in(chunk)).orderBy(r.ownerColumn().asc(), targetKey.asc());
            if (filter != null) {
                q = q.where(filter);
            }
            for (Row row : session.execute(q)) {
                Object t = row.get(0);
                byOwnerKey.get(row.get(1)).add(t);
                loaded.add(t);
            }
        }
        for (Object o : owners) {
            Object k = r.owner().identityOf(o);
            fill(r, o, k == null ? List.of() : byOwnerKey.getOrDefault(k, List.of()));
        }
        return loaded;
    }

    /**
     * Fills collections from the query's own rows ({@code containsEager}/{@code joined}): for each
     * row, the object in column {@code targetIndex} joins the collection of the owner in
     * {@code ownerIndex} (nulls from outer joins add nothing; duplicates are kept once).
     */
    void fillFromRows(Relationship r, List<io.kalchemy.engine.Row> rows, int ownerIndex, int targetIndex) {
        Map<Object, List<Object>> byOwner = new LinkedHashMap<>();
        Map<Object, Map<Object, Boolean>> seen = new IdentityHashMap<>();
        Map<Object, Boolean> owners = new IdentityHashMap<>();
        List<Object> ownerOrder = new ArrayList<>();
        for (io.kalchemy.engine.Row row : rows) {
            Object owner = row.get(ownerIndex);
            if (owner == null) {
                continue;
            }
            if (owners.put(owner, Boolean.TRUE) == null) {
                ownerOrder.add(owner);
                byOwner.put(owner, new ArrayList<>());
                seen.put(owner, new IdentityHashMap<>());
            }
            Object t = row.get(targetIndex);
            if (t != null && seen.get(owner).put(t, Boolean.TRUE) == null) {
                byOwner.get(owner).add(t);
            }
        }
        for (Object owner : ownerOrder) {
            List<Object> members = byOwner.get(owner);
            fill(r, owner, members);
            if (r.kind() == Relationship.Kind.ONE_TO_MANY) {
                for (Object child : members) {
                    if (r.inverse().get(child) == null) {
                        r.inverse().set(child, owner);
                        session.objects().markReferenceLoaded(child, r.inverse());
                    }
                }
            }
        }
    }

    /** Puts a loaded collection of the field's kind into the owner and records its members for the next flush. */
    private void fill(Relationship r, Object owner, List<Object> members) {
        Collection<Object> value;
        if (java.util.Set.class.isAssignableFrom(r.fieldType())) {
            value = new LinkedHashSet<>(members);
        } else if (r.kind() == Relationship.Kind.ONE_TO_MANY) {
            value = new RelatedList<>(owner, r, members);
        } else {
            value = new ArrayList<>(members);
        }
        r.set(owner, value);
        session.objects().recordMembers(owner, r, members);
    }

    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    /** Groups entities by mapper, keeping order. */
    static Map<Mapper<?>, List<Object>> byMapper(Session session, Collection<Object> entities) {
        Map<Mapper<?>, List<Object>> out = new LinkedHashMap<>();
        Map<Object, Boolean> seen = new IdentityHashMap<>();
        for (Object e : entities) {
            if (e != null && seen.put(e, Boolean.TRUE) == null) {
                out.computeIfAbsent(session.registry().mapper(e.getClass()), m -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }
}
