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

    static ShardState[] run(List<ShardJob> jobs, SisaLearner.Options options, TrainingProgress progress) {
        long total = jobs.stream().mapToLong(ShardJob::steps).sum();
        AtomicLong done = new AtomicLong();
        Runnable tick = () -> progress.update(done.incrementAndGet(), total);
        ShardRunner runner = ShardRunners.byName(options.runner());
        List<ShardState> states;
        if (runner.shipsJobs()) {
            // neither the encoded jobs nor a decoded shard's bytes are kept: each is a copy of the shard's rows
            byte[][] bytes = runner.runJobs(jobs.stream().map(PortableShardJob::encode).toList(), options.threads())
                    .toArray(new byte[0][]);
            if (bytes.length != jobs.size()) {
                throw new InternalException("shard runner '" + runner.name() + "' returned " + bytes.length + " results for "
                        + jobs.size() + " shards");
            }
            states = new java.util.ArrayList<>(bytes.length);
            for (int i = 0; i < bytes.length; i++) {
                byte[] state = bytes[i];
                bytes[i] = null;
                states.add(ShardStateCodec.decode(state, i, options.base(), jobs.get(i).sliceEnds().length));
                for (int s = 0; s < jobs.get(i).steps(); s++) {
                    tick.run();
                }
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
}
