package dev.lethe.spark.cli;

import dev.lethe.engine.LedgerReceiptSink;
import dev.lethe.engine.Worker;
import dev.lethe.spark.home.ShardFileSweep;
import dev.lethe.store.LetheHome;
import dev.lethe.store.WorkerLease;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lethe spark worker}: carries out a home's waiting requests once, with the lake erase step on
 * the class path (the main {@code lethe worker} refuses a batch that reaches a lake dataset).
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Carry out the home's waiting forget requests, lake datasets and lake models included, then exit.")
final class SparkWorkerCommand implements Callable<Integer> {

    @Option(names = "--home", required = true, paramLabel = "DIR", description = "the Lethe home")
    Path home;

    @Mixin
    MasterOption master;

    @Override
    public Integer call() {
        master.session();
        try (LetheHome h = LetheHome.open(home); WorkerLease lease = h.claimWorker();
             Worker worker = new Worker(h.registry(), Worker.Config.defaults().withSink(LedgerReceiptSink.inHome(home, h.registry())))) {
            ShardFileSweep.sweep(h.registry()); // shard files a worker wrote before it died, never committed
            System.out.println("completed " + worker.drain() + " requests");
        }
        return 0;
    }
}
