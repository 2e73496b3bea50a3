package dev.lethe.models.sisa;

import dev.lethe.model.InternalException;
import dev.lethe.model.TrainingProgress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** Runs shard jobs on the configured {@link ShardRunner}, reporting finished steps to a {@link TrainingProgress}. */
final class ShardExecution {

    private ShardExecution() {
    }

    /**
     * Runs the jobs; {@code shards} names each job's shard, {@code residence} the model's residence ID
     * ({@link ResidentShards}), and {@code deltas}, when only rows changed since the previous states (a
     * forget of records or a relabel; else null), how each job changes its shard's digest
     * ({@link ResidentShards#after}), so that a runner that ships jobs may send resident jobs.
     */
    static ShardState[] run(List<ShardJob> jobs, int[] shards, String residence, long[] deltas,
                            SisaLearner.Options options, TrainingProgress progress) {
        long total = jobs.stream().mapToLong(ShardJob::steps).sum();
        AtomicLong done = new AtomicLong();
        Runnable tick = () -> progress.update(done.incrementAndGet(), total);
        ShardRunner runner = ShardRunners.byName(options.runner());
        List<ShardState> states;
        if (runner.shipsJobs()) {
            states = shipped(runner, jobs, shards, residence, deltas, options);
            while (done.get() < total) {
                tick.run();
            }
        } else if (runner.shipsBytes()) {
            List<Supplier<byte[]>> tasks = jobs.stream().<Supplier<byte[]>>map(job -> () -> ShardStateCodec.encode(job.run(tick))).toList();
            List<byte[]> bytes = runner.runAll(tasks, options.threads());
            states = new java.util.ArrayList<>(bytes.size());
            for (int i = 0; i < bytes.size(); i++) {
                states.add(bytes.get(i) == null ? null
                        : ShardStateCodec.decode(bytes.get(i), i, options.base(), jobs.get(i).sliceEnds().length));
            }
        } else {
            List<Supplier<ShardState>> tasks = jobs.stream().<Supplier<ShardState>>map(job -> () -> job.run(tick)).toList();
            states = runner.runAll(tasks, options.threads());
        }
        if (states.size() != jobs.size() || states.stream().anyMatch(java.util.Objects::isNull)) {
            throw new InternalException("shard runner '" + runner.name() + "' returned " + states.size() + " results for "
                    + jobs.size() + " shards");
        }
        return states.toArray(new ShardState[0]);
    }

    /**
     * Ships each job, as a resident job (removed record IDs and checkpoints only) where the previous
     * state's rows are resident and only rows changed, else whole; jobs answered "not resident" go
     * again whole. States come back with records by reference and stay undecoded until used
     * ({@link ShardState#shipped}); their records then resolve from the job's own prepared rows.
     */
    private static List<ShardState> shipped(ShardRunner runner, List<ShardJob> jobs, int[] shards, String residence,
                                            long[] deltas, SisaLearner.Options options) {
        int n = jobs.size();
        ShardJob.Prepared[] prepared = new ShardJob.Prepared[n];
        List<byte[]> encoded = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ShardJob job = jobs.get(i);
            prepared[i] = job.prepare();
            String slot = ResidentShards.slot(residence, shards[i]);
            String resident = job.previous() == null ? null : job.previous().resident();
            encoded.add(deltas != null && resident != null && prepared[i] != null
                    ? PortableShardJob.encodeResident(job, prepared[i], slot, resident,
                            ResidentShards.after(resident, deltas[i], prepared[i].shard(), prepared[i].keptEnds()))
                    : PortableShardJob.encodeWhole(job, prepared[i], slot));
        }
        PortableShardJob.Result[] results = results(runner, encoded, options);
        encoded = null;
        List<Integer> again = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!results[i].resident()) {
                again.add(i);
            }
        }
        if (!again.isEmpty()) {
            PortableShardJob.Result[] whole = results(runner, again.stream()
                    .map(i -> PortableShardJob.encodeWhole(jobs.get(i), prepared[i], ResidentShards.slot(residence, shards[i])))
                    .toList(), options);
            for (int a = 0; a < whole.length; a++) {
                if (!whole[a].resident()) {
                    throw new InternalException("shard runner '" + runner.name() + "' answered a whole shard job as not resident");
                }
                results[again.get(a)] = whole[a];
            }
        }
        List<ShardState> states = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] state = results[i].state();
            String digest = results[i].digest();
            states.add(ShardStateCodec.readShipped(referencing(prepared[i]), state, shards[i], options.base(),
                    jobs.get(i).sliceEnds().length, results[i].stateDigest()).withResident(digest));
        }
        return states;
    }

    private static PortableShardJob.Result[] results(ShardRunner runner, List<byte[]> jobs, SisaLearner.Options options) {
        List<byte[]> bytes = runner.runJobs(jobs, options.threads());
        if (bytes.size() != jobs.size()) {
            throw new InternalException("shard runner '" + runner.name() + "' returned " + bytes.size() + " results for "
                    + jobs.size() + " shards");
        }
        PortableShardJob.Result[] out = new PortableShardJob.Result[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = PortableShardJob.Result.of(bytes.get(i));
        }
        return out;
    }

    /**
     * A parent stream whose record source is the job's prepared rows, in order: a shipped state's records
     * (written without their IDs, {@link dev.lethe.model.ModelStateOutput#rowsHeldByReader}) resolve from them.
     */
    private static java.io.DataInputStream referencing(ShardJob.Prepared p) {
        return new dev.lethe.model.ModelStateInput(java.io.InputStream.nullInputStream(), new dev.lethe.model.RecordSource() {
            @Override
            public dev.lethe.data.Dataset rows(dev.lethe.data.Schema schema, long[] ids) {
                if (p == null || !p.shard().schema().equals(schema) || p.shard().size() != ids.length) {
                    throw new dev.lethe.model.ModelFileException("a shipped shard state names " + ids.length
                            + " records that its job did not hold");
                }
                return p.shard();
            }

            @Override
            public long[] heldIds(int n) {
                return p == null ? new long[0] : p.shard().recordIds();
            }
        });
    }
}
