package dev.lethe.models.trees;

import dev.lethe.math.Vectors;
import dev.lethe.model.AbstractUnlearnableModel;
import dev.lethe.model.ForgetPlan;
import dev.lethe.model.Guarantee;
import dev.lethe.model.Provenance;
import dev.lethe.model.StateDigest;
import dev.lethe.model.TrainingRecords;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A random forest that forgets exactly: DaRE's cached node statistics (Brophy &amp; Lowd, ICML 2021)
 * with DynFrs' occupancy and lazy retraining (ICLR 2025).
 *
 * <h2>What "exact" means here</h2>
 * Training is a deterministic function of the data, the options and the seed: every random choice
 * is a hash of the seed, the tree, the node's path and record IDs ({@link ForestHash}). A forget
 * keeps the forest equal to the output of training on D \ S with the same seed: it updates the
 * cached statistics along the paths of the forgotten records, re-runs each node's split selection,
 * and marks a subtree for retraining (lazily) where the selection, the candidate thresholds, the
 * considered features or the stopping rule would now differ; a retrained subtree is grown by the same
 * code as training from the rows left below it. So after forgetting S the forest is the very forest
 * training on D \ S draws with this seed — in particular a possible output of the training
 * procedure on D \ S, which is what an exact guarantee requires. For classification this holds bit
 * for bit (all statistics are integer counts); regression sums are kept in double-double arithmetic,
 * so cached sums agree with recomputation to about 2⁻¹⁰⁶ relative and the choice between two
 * candidates could only differ on a tie within that rounding.
 *
 * <p>Requests: records, subject and class remove rows (batches coalesce: each tree walks its share
 * of the batch once, and a subtree is retrained at most once); relabel updates class counts (or
 * sums) along the path; a feature forget re-evaluates the nodes that considered the feature.
 * Pending subtrees are retrained when a prediction reaches them or on {@link #compact()}; a saved
 * model keeps them pending, as their remaining rows ({@link ForestCodec}).
 */
public final class ForestModel extends AbstractUnlearnableModel {

    /**
     * 2: pending subtrees are saved as their remaining rows ({@link ForestCodec#PENDING}); 3: leaves
     * and pending subtrees save only how many rows they hold, the rows are routed on load.
     */
    static final int STATE_VERSION = ForestCodec.ROUTED;

    private final ForestLearner.Options options;
    private final long seed;
    private final ForestColumns cols;
    private final TreeGrower grower;
    private final ForestNode[] roots;
    private final long fitHash;
    private final String settingsText;
    private final AtomicInteger pending = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong retrained = new java.util.concurrent.atomic.AtomicLong();

    private ForestModel(Provenance provenance, TrainingRecords records, ForestLearner.Options options, long seed,
                        ForestColumns cols, ForestNode[] roots, long fitHash) {
        super(provenance, records);
        this.options = options;
        this.seed = seed;
        this.cols = cols;
        this.grower = new TreeGrower(options, cols);
        this.roots = roots;
        this.fitHash = fitHash;
        this.settingsText = options.toSettings().toString();
        int stale = 0;
        for (ForestNode root : roots) {
            stale += staleCount(root);
        }
        pending.set(stale);
    }

    static ForestModel train(Provenance provenance, ForestLearner.Options options, long seed, TrainingRecords records) {
        ForestColumns cols = ForestColumns.of(records);
        TreeGrower grower = new TreeGrower(options, cols);
        int[][] share = shares(options, seed, cols, records);
        ForestNode[] roots = new ForestNode[options.trees()];
        IntStream.range(0, options.trees()).parallel()
                .forEach(t -> roots[t] = grower.grow(ForestHash.rootKey(seed, t), 0, share[t], 0, share[t].length));
        long hash = ForestHash.mix(seed);
        for (ForestNode root : roots) {
            hash = ForestHash.mix(hash + structureHash(root));
        }
        return new ForestModel(provenance, records, options, seed, cols, roots, hash);
    }

    /** The rows of each tree: every remaining row goes to its ⌈q·T⌉ trees. */
    static int[][] shares(ForestLearner.Options options, long seed, ForestColumns cols, TrainingRecords records) {
        int trees = options.trees();
        int m = options.treesPerRecord();
        int n = cols.recordId.length;
        int[] flat = new int[n * m];
        IntStream.range(0, n).parallel().forEach(r ->
                System.arraycopy(ForestHash.treesOf(seed, cols.recordHash[r], trees, m), 0, flat, r * m, m));
        int[] size = new int[trees];
        for (int r = 0; r < n; r++) {
            if (!records.isRemoved(r)) {
                for (int i = 0; i < m; i++) {
                    size[flat[r * m + i]]++;
                }
            }
        }
        int[][] share = new int[trees][];
        for (int t = 0; t < trees; t++) {
            share[t] = new int[size[t]];
        }
        int[] fill = new int[trees];
        for (int r = 0; r < n; r++) {
            if (!records.isRemoved(r)) {
                for (int i = 0; i < m; i++) {
                    int t = flat[r * m + i];
                    share[t][fill[t]++] = r;
                }
            }
        }
        return share;
    }

    private static long structureHash(ForestNode node) {
        long h = ForestHash.mix(node.kind * 31L + node.n);
        if (!node.isLeaf()) {
            h = ForestHash.mix(h + node.splitFeature * 131L + Double.doubleToLongBits(node.splitThreshold));
            h = ForestHash.mix(h + structureHash(node.left));
            h = ForestHash.mix(h ^ structureHash(node.right));
        }
        return h;
    }

    @Override
    public String family() {
        return ForestFamily.NAME;
    }

    public ForestLearner.Options options() {
        return options;
    }

    /** Subtrees marked for retraining and not yet retrained. */
    public int pendingRetrains() {
        return pending.get();
    }

    /** Subtrees retrained since this model was fitted or loaded. */
    public long retrainedSubtrees() {
        return retrained.get();
    }

    // ---------------------------------------------------------------- prediction

    @Override
    public double predict(double[] row) {
        if (cols.classification) {
            return Vectors.argmax(probabilities(row));
        }
        double sum = 0;
        int used = 0;
        for (int t = 0; t < roots.length; t++) {
            ForestNode leaf = leaf(t, row);
            if (leaf.n > 0) {
                sum += leaf.sum() / leaf.n;
                used++;
            }
        }
        return used == 0 ? 0 : sum / used;
    }

    @Override
    public double[] probabilities(double[] row) {
        if (!cols.classification) {
            return super.probabilities(row);
        }
        double[] p = new double[cols.numClasses];
        int used = 0;
        for (int t = 0; t < roots.length; t++) {
            ForestNode leaf = leaf(t, row);
            if (leaf.n > 0) {
                for (int c = 0; c < p.length; c++) {
                    p[c] += (double) leaf.stats[c] / leaf.n;
                }
                used++;
            }
        }
        for (int c = 0; c < p.length; c++) {
            p[c] = used == 0 ? 1.0 / p.length : p[c] / used;
        }
        return p;
    }

    /** The leaf of tree {@code t} that {@code row} reaches, retraining stale subtrees on the way. */
    private ForestNode leaf(int t, double[] row) {
        ForestNode node = roots[t];
        if (node.stale) {
            synchronized (roots) {
                if (roots[t].stale) {
                    roots[t] = retrain(roots[t]);
                }
                node = roots[t];
            }
        }
        while (!node.isLeaf()) {
            double v = row[node.splitFeature];
            boolean left = cols.categorical[node.splitFeature] ? v == node.splitThreshold : v <= node.splitThreshold;
            ForestNode child = left ? node.left : node.right;
            if (child.stale) {
                synchronized (node) {
                    child = left ? node.left : node.right;
                    if (child.stale) {
                        child = retrain(child);
                        if (left) {
                            node.left = child;
                        } else {
                            node.right = child;
                        }
                    }
                }
            }
            node = child;
        }
        return node;
    }

    private ForestNode retrain(ForestNode stale) {
        int[] rows = gather(stale);
        ForestNode fresh = grower.grow(stale.key, stale.depth, rows, 0, rows.length);
        pending.addAndGet(-staleCount(stale));
        retrained.incrementAndGet();
        return fresh;
    }

    @Override
    public boolean settlePendingWork() {
        if (pending.get() == 0) {
            return false;
        }
        compact();
        return true;
    }

    /** Retrains every pending subtree now; predictions then never wait. Leaves the state digest unchanged. */
    public void compact() {
        IntStream.range(0, roots.length).parallel().forEach(t -> {
            if (roots[t].stale) {
                roots[t] = retrain(roots[t]);
            } else {
                compact(roots[t]);
            }
        });
    }

    private void compact(ForestNode node) {
        if (node.isLeaf()) {
            return;
        }
        if (node.left.stale) {
            node.left = retrain(node.left);
        } else {
            compact(node.left);
        }
        if (node.right.stale) {
            node.right = retrain(node.right);
        } else {
            compact(node.right);
        }
    }

    /** Stale nodes in a subtree: a subtree marked before its ancestor is retrained with it. */
    private static int staleCount(ForestNode node) {
        int own = node.stale ? 1 : 0;
        return node.isLeaf() ? own : own + staleCount(node.left) + staleCount(node.right);
    }

    /** All rows held by the leaves below {@code node}, in no particular order (training does not depend on it). */
    static int[] gather(ForestNode node) {
        IntList out = new IntList(node.stale ? 16 : Math.max(16, node.n));
        collect(node, out);
        return out.toArray();
    }

    private static void collect(ForestNode node, IntList out) {
        if (node.isLeaf()) {
            out.addLive(node);
        } else {
            int from = out.size;
            collect(node.left, out);
            collect(node.right, out);
            if (node.forgotten != null) {
                out.removeListed(from, node.forgotten);
            }
        }
    }

    // ---------------------------------------------------------------- forgetting

    /** Forgotten rows leave the columns as they leave the records (a loaded forest's columns hold 0 for them too). */
    @Override
    protected void scrubbed(int[] rows) {
        cols.erase(rows);
    }

    /** The forest's own copy of one feature's values, by row (package-private, for tests). */
    double[] columnValues(int feature) {
        return cols.x[feature].clone();
    }

    /**
     * A forgotten feature's values leave the columns as they leave the records. The subtrees the forget
     * marked (those that split on the feature) are retrained first, since routing a row through such a
     * split needs the value; afterwards no split uses the feature. The state digest does not change.
     */
    @Override
    protected void scrubbedFeature(int feature) {
        compact();
        cols.eraseColumn(feature);
    }

    @Override
    protected Applied apply(ForgetPlan plan) {
        int before = pending.get();
        int touched;
        if (plan.isFeature()) {
            touched = forgetFeature(plan.feature());
        } else if (plan.isRelabel()) {
            touched = relabel(plan.rows(), plan.newTargets());
        } else {
            touched = remove(plan.rows());
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("trees_touched", Integer.toString(touched));
        details.put("subtrees_marked_for_retraining", Integer.toString(pending.get() - before));
        details.put("subtrees_pending", Integer.toString(pending.get()));
        return new Applied(Guarantee.EXACT, details);
    }

    /** Each row's share of the trees, grouped by tree: rows per tree, ascending. */
    private int[][] byTree(int[] rows) {
        int m = options.treesPerRecord();
        int[][] trees = new int[rows.length][];
        IntStream.range(0, rows.length).parallel()
                .forEach(i -> trees[i] = ForestHash.treesOf(seed, cols.recordHash[rows[i]], roots.length, m));
        int[] size = new int[roots.length];
        for (int i = 0; i < rows.length; i++) {
            for (int t : trees[i]) {
                size[t]++;
            }
        }
        int[][] out = new int[roots.length][];
        for (int t = 0; t < roots.length; t++) {
            out[t] = size[t] == 0 ? null : new int[size[t]];
        }
        int[] fill = new int[roots.length];
        for (int i = 0; i < rows.length; i++) {
            for (int t : trees[i]) {
                out[t][fill[t]++] = rows[i];
            }
        }
        return out;
    }

    private int remove(int[] rows) {
        int[][] perTree = byTree(rows);
        int touched = 0;
        for (int[] share : perTree) {
            touched += share == null ? 0 : 1;
        }
        if (rows.length > 64) {
            RemovedValueCodes coded = RemovedValueCodes.of(cols, rows);
            IntStream.range(0, roots.length).parallel().filter(t -> perTree[t] != null)
                    .forEach(t -> removeFromTree(t, perTree[t], coded));
        } else {
            for (int t = 0; t < roots.length; t++) {
                if (perTree[t] != null) {
                    removeFromTree(t, perTree[t], null);
                }
            }
        }
        return touched;
    }

    /** Removes the sorted rows {@code gone} of one tree (reordered on the way) from the tree. */
    private void removeFromTree(int t, int[] gone, RemovedValueCodes coded) {
        remove(roots[t], gone, 0, gone.length, new int[gone.length], coded);
    }

    /**
     * Removes the sorted rows {@code gone[lo, hi)}, all held below {@code node} ({@code coded}: the batch's
     * values, or null). Each split partitions the range in place, stably, so the rows stay sorted on each
     * side and no arrays are allocated on the way down ({@code scratch}: as long as {@code gone}).
     */
    private void remove(ForestNode node, int[] gone, int lo, int hi, int[] scratch, RemovedValueCodes coded) {
        if (node.stale) {
            node.n -= hi - lo; // a pending subtree's size stays its remaining rows, which a model file records
            forgetBelow(node, gone, lo, hi);
            return;
        }
        for (int i = lo; i < hi; i++) {
            grower.adjustTotals(node, cols.target[gone[i]], -1);
        }
        if (node.isLeaf()) {
            node.dropRows(gone, lo, hi);
            boolean vanished = node.kind == ForestNode.NO_SPLIT && grower.subtractAll(node, gone, lo, hi, coded);
            byte kind = grower.kindBeforeSplit(node);
            if (kind != ForestNode.INTERNAL) {
                node.kind = kind;
                node.dropCandidates();
            } else if (node.kind != ForestNode.NO_SPLIT || vanished) {
                markStale(node);
            }
            return;
        }
        if (grower.kindBeforeSplit(node) != ForestNode.INTERNAL) {
            markStale(node);
            forgetBelow(node, gone, lo, hi);
            return;
        }
        boolean vanished = grower.subtractAll(node, gone, lo, hi, coded);
        boolean same = vanished ? reselect(node, except(gather(node), gone, lo, hi)) : grower.select(node) == node.split;
        if (!same) {
            markStale(node);
            forgetBelow(node, gone, lo, hi);
            return;
        }
        if (hi - lo == 1) {
            remove(cols.goesLeft(gone[lo], node.splitFeature, node.splitThreshold) ? node.left : node.right,
                    gone, lo, hi, scratch, coded);
            return;
        }
        int mid = partition(node, gone, lo, hi, scratch);
        if (mid > lo) {
            remove(node.left, gone, lo, mid, scratch, coded);
        }
        if (hi > mid) {
            remove(node.right, gone, mid, hi, scratch, coded);
        }
    }

    /**
     * Recomputes a node's split statistics from {@code rows} and selects again; true (with the
     * split re-indexed) when training would choose the same split, false when it would not.
     */
    private boolean reselect(ForestNode node, int[] rows) {
        int oldFeature = node.splitFeature;
        double oldThreshold = node.splitThreshold;
        grower.splitStatistics(node, rows, 0, rows.length);
        int s = grower.select(node);
        if (s < 0 || node.candidateFeature(s) != oldFeature || node.thresholds[s] != oldThreshold) {
            return false;
        }
        grower.setSplit(node, s);
        return true;
    }

    private void markStale(ForestNode node) {
        node.stale = true;
        pending.incrementAndGet();
    }

    /**
     * Removes the sorted rows {@code gone[lo, hi)} from a pending subtree: a pending leaf tombstones them;
     * a pending internal node lists them ({@link ForestNode#forgotten}) rather than routing each down to its
     * leaf, as the subtree is retrained from its remaining rows, which {@link #gather} gives without them.
     */
    private static void forgetBelow(ForestNode node, int[] gone, int lo, int hi) {
        if (node.isLeaf()) {
            node.dropRows(gone, lo, hi);
            return;
        }
        int[] listed = node.forgotten == null ? new int[0] : node.forgotten;
        int[] union = new int[listed.length + hi - lo];
        int a = 0;
        int b = lo;
        int k = 0;
        while (a < listed.length || b < hi) {
            union[k++] = b == hi || a < listed.length && listed[a] < gone[b] ? listed[a++] : gone[b++];
        }
        node.forgotten = union;
    }

    /**
     * Partitions {@code rows[lo, hi)} by the node's split, stably (each side keeps its order), and returns
     * where the right side starts: left rows move down in place, right rows wait in {@code scratch}. One
     * pass reads each row's value once, without a branch on the side (a row is written to both places).
     */
    private int partition(ForestNode node, int[] rows, int lo, int hi, int[] scratch) {
        double[] col = cols.x[node.splitFeature];
        double threshold = node.splitThreshold;
        boolean categorical = cols.categorical[node.splitFeature];
        int a = lo;
        int b = 0;
        for (int i = lo; i < hi; i++) {
            int r = rows[i];
            double v = col[r];
            int left = (categorical ? v == threshold : v <= threshold) ? 1 : 0;
            rows[a] = r;
            scratch[b] = r;
            a += left;
            b += 1 - left;
        }
        System.arraycopy(scratch, 0, rows, a, b);
        return a;
    }

    /** Splits sorted rows by the node's split into two new sorted arrays, left and right. */
    private int[][] split(ForestNode node, int[] rows) {
        int[] copy = rows.clone();
        int mid = partition(node, copy, 0, copy.length, new int[copy.length]);
        return new int[][]{Arrays.copyOf(copy, mid), Arrays.copyOfRange(copy, mid, copy.length)};
    }

    private static int[] except(int[] sorted, int[] gone, int lo, int hi) {
        int[] out = new int[sorted.length];
        int k = 0;
        for (int r : sorted) {
            if (Arrays.binarySearch(gone, lo, hi, r) < 0) {
                out[k++] = r;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private int relabel(int[] rows, double[] targets) {
        double[] newTarget = new double[cols.target.length];
        for (int i = 0; i < rows.length; i++) {
            newTarget[rows[i]] = targets[i];
        }
        int[][] perTree = byTree(rows);
        int touched = 0;
        for (int t = 0; t < roots.length; t++) {
            if (perTree[t] != null) {
                relabel(roots[t], perTree[t], newTarget);
                touched++;
            }
        }
        for (int i = 0; i < rows.length; i++) {
            cols.setTarget(rows[i], targets[i]);
        }
        return touched;
    }

    private void relabel(ForestNode node, int[] rows, double[] newTarget) {
        if (node.stale) {
            return;
        }
        for (int r : rows) {
            grower.adjustTotals(node, cols.target[r], -1);
            grower.adjustTotals(node, newTarget[r], 1);
        }
        byte kind = grower.kindBeforeSplit(node);
        if (node.isLeaf()) {
            if (kind != ForestNode.INTERNAL) {
                node.kind = kind;
                node.dropCandidates();
            } else if (node.kind != ForestNode.NO_SPLIT) {
                markStale(node);
            }
            return;
        }
        if (kind != ForestNode.INTERNAL) {
            markStale(node);
            return;
        }
        for (int r : rows) {
            grower.adjust(node, r, cols.target[r], -1, false);
            grower.adjust(node, r, newTarget[r], 1, false);
        }
        if (grower.select(node) != node.split) {
            markStale(node);
            return;
        }
        int[][] sides = split(node, rows);
        if (sides[0].length > 0) {
            relabel(node.left, sides[0], newTarget);
        }
        if (sides[1].length > 0) {
            relabel(node.right, sides[1], newTarget);
        }
    }

    private int forgetFeature(int feature) {
        boolean[] before = cols.active.clone();
        int pBefore = options.featuresPerNode(cols.activeCount());
        cols.active[feature] = false;
        int pAfter = options.featuresPerNode(cols.activeCount());
        AtomicInteger touched = new AtomicInteger();
        IntStream.range(0, roots.length).parallel().forEach(t -> {
            if (pBefore != pAfter) {
                if (!roots[t].stale) {
                    markStale(roots[t]);
                }
                touched.incrementAndGet();
            } else if (forgetFeature(roots[t], feature, before)) {
                touched.incrementAndGet();
            }
        });
        return touched.get();
    }

    /** Re-evaluates the nodes below {@code node} that considered the feature; true if any did. */
    private boolean forgetFeature(ForestNode node, int feature, boolean[] before) {
        if (node.stale) {
            return false;
        }
        if (node.isLeaf()) {
            if (node.kind == ForestNode.NO_SPLIT && contains(grower.sampledFeatures(node.key, before), feature)) {
                markStale(node);
                return true;
            }
            return false;
        }
        boolean touched = false;
        if (node.considers(feature)) {
            touched = true;
            if (!reselect(node, gather(node))) {
                markStale(node);
                return true;
            }
        }
        touched |= forgetFeature(node.left, feature, before);
        touched |= forgetFeature(node.right, feature, before);
        return touched;
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- state

    @Override
    public int stateVersion() {
        return STATE_VERSION;
    }

    @Override
    protected void digestParameters(StateDigest digest) {
        digest.add(settingsText).add(seed).add(fitHash);
    }

    @Override
    protected void writeParameters(DataOutputStream out) throws IOException {
        out.writeLong(fitHash);
        out.writeInt(roots.length);
        for (ForestNode root : roots) {
            ForestCodec.write(out, root, cols);
        }
    }

    static ForestModel read(DataInputStream in, Common common, int stateVersion) throws IOException {
        Provenance p = common.provenance();
        ForestLearner.Options options = ForestLearner.Options.from(new dev.lethe.model.Settings(ForestFamily.NAME, p.settings()));
        ForestColumns cols = ForestColumns.of(common.records());
        long fitHash = in.readLong();
        int trees = in.readInt();
        if (trees != options.trees()) {
            throw new dev.lethe.model.ModelFileException("corrupted model state: " + trees + " trees, the options say " + options.trees());
        }
        ForestNode[] roots = new ForestNode[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = ForestCodec.read(in, ForestHash.rootKey(p.seed(), t), 0, cols, stateVersion);
        }
        if (stateVersion >= ForestCodec.ROUTED) {
            int[][] share = shares(options, p.seed(), cols, common.records());
            IntStream.range(0, trees).parallel().forEach(t -> ForestCodec.routeRows(roots[t], share[t], cols));
        }
        return new ForestModel(p, common.records(), options, p.seed(), cols, roots, fitHash);
    }

    // ---------------------------------------------------------------- invariants

    /**
     * Checks every invariant the exact guarantee rests on and lists the violations (empty when all
     * hold): each tree holds exactly the remaining records OCC(q) gives it; every node's key is its
     * path's; every cached statistic (size, class counts or sums, considered features, candidate
     * thresholds, their equal-row counts and left statistics) equals a recomputation from the rows
     * below it; every split is the one selection picks on those statistics (the best candidate for
     * greedy levels, the hashed pick among valid candidates for random ones, so a random split is
     * still valid) and routes its rows; every leaf's kind is the stopping rule's; no leaf outside a
     * pending (stale) subtree holds a forgotten record (one may linger only as a tombstone
     * {@code ~row} until its leaf is compacted, and every tombstone must name a forgotten row), while a
     * pending subtree's leaves may keep the row numbers of records forgotten since it was marked (it is
     * retrained from its remaining rows, and a model file records only their number), and its size is
     * its remaining rows. O(rows × depth) per tree: meant for tests and {@code verify}, not the forget path.
     */
    public List<String> verifyInvariants() {
        return new ForestInvariants(seed, cols, grower, records).check(roots,
                shares(options, seed, cols, records));
    }

    /** The root of tree {@code t} (for tests in this package). */
    ForestColumns columns() {
        return cols;
    }

    ForestNode root(int t) {
        return roots[t];
    }

    /** Number of nodes in the forest (pending subtrees counted as they stand). */
    public long nodeCount() {
        long c = 0;
        for (ForestNode root : roots) {
            c += count(root);
        }
        return c;
    }

    private static long count(ForestNode node) {
        return node.isLeaf() ? 1 : 1 + count(node.left) + count(node.right);
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a;
        private int size;

        IntList(int capacity) {
            a = new int[capacity];
        }

        void addLive(ForestNode leaf) {
            int need = leaf.liveCount();
            if (size + need > a.length) {
                a = Arrays.copyOf(a, Math.max(a.length * 2, size + need));
            }
            size = leaf.copyLiveRows(a, size);
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }

        /** Drops from {@code [from, size)} the rows in {@code sorted}, keeping the others in order. */
        void removeListed(int from, int[] sorted) {
            int k = from;
            for (int i = from; i < size; i++) {
                if (Arrays.binarySearch(sorted, a[i]) < 0) {
                    a[k++] = a[i];
                }
            }
            size = k;
        }
    }
}
