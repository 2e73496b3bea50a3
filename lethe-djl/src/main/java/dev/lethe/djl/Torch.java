package dev.lethe.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The PyTorch engine as Lethe uses it: offline (no downloads: the native library comes from the
 * {@code pytorch-native-cpu} jar), its cache inside a Lethe directory unless {@code DJL_CACHE_DIR} /
 * {@code ENGINE_CACHE_DIR} say otherwise, and single-threaded operators so that results are
 * bit-reproducible. DJL allows one gradient collector at a time per process, so gradient
 * computations take {@link #GRADIENTS}.
 *
 * <p>Bit-reproducible convolutions also need oneDNN, PyTorch's CPU kernel library, kept off its AVX-512
 * kernels: on an AVX-512 processor two trainings of one {@code cnn} from one seed in one process came out
 * different in 7 of 9 runs of this module's tests, and in none of 7 with {@value #ISA_CAP}{@code =AVX2}.
 * The variable must be in the process environment before the native library loads, so {@code ./lethe}
 * and the build set it; a JVM started without it gets a warning here.
 */
public final class Torch {

    static final String ENGINE = "PyTorch";

    /** Held while a gradient collector is open (DJL permits only one at a time). */
    public static final ReentrantLock GRADIENTS = new ReentrantLock();

    /** The environment variable that caps the instruction set oneDNN's kernels use. */
    static final String ISA_CAP = "ONEDNN_MAX_CPU_ISA";

    static {
        if (System.getenv(ISA_CAP) == null) {
            System.getLogger(Torch.class.getName()).log(System.Logger.Level.WARNING, ISA_CAP + " is not set: on an "
                    + "AVX-512 processor, cnn training may not be bit-reproducible, and exact SISA forgetting over a cnn "
                    + "needs it to be; set " + ISA_CAP + "=AVX2 (./lethe does)");
        }
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            String home = System.getProperty("lethe.home", Path.of(System.getProperty("user.home"), ".lethe").toString());
            System.setProperty("DJL_CACHE_DIR", Path.of(home, "djl").toString());
        }
        if (System.getProperty("ENGINE_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR")));
        }
    }

    private Torch() {
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static NDManager newManager() {
        return NDManager.newBaseManager(Device.cpu(), ENGINE);
    }
}
