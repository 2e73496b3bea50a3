package dev.lethe.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads the IDX format of MNIST (LeCun et al.): an unsigned-byte image file ({@code idx3}) and its
 * label file ({@code idx1}), plain or gzip-compressed. Each image becomes one row of
 * {@code rows × cols} numeric pixel features {@code px<r>_<c>} (0–255); the label is the class.
 * Record IDs are image indices.
 */
public final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /**
     * @param path an image file ({@code *-images-idx3-ubyte[.gz]}, whose label file is found by name),
     *             or a folder holding {@code train-images-idx3-ubyte[.gz]} and {@code train-labels-idx1-ubyte[.gz]}
     */
    public static LoadedData read(Path path) {
        Path images = Files.isDirectory(path) ? find(path, "train-images-idx3-ubyte") : path;
        Path labels = labelsFor(images);
        return new LoadedData(read(images, labels));
    }

    /** The images and labels of MNIST's test split in a folder ({@code t10k-*}). */
    public static Dataset readTestSplit(Path folder) {
        Path images = find(folder, "t10k-images-idx3-ubyte");
        return read(images, labelsFor(images));
    }

    static Path find(Path folder, String stem) {
        for (String candidate : List.of(stem + ".gz", stem)) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataException(folder + ": no " + stem + "[.gz] in this folder");
    }

    static Path labelsFor(Path images) {
        String name = images.getFileName().toString();
        if (!name.contains("images-idx3")) {
            throw new DataException(images + ": expected an IDX image file named *-images-idx3-ubyte[.gz]");
        }
        String labelName = name.replace("images-idx3", "labels-idx1");
        Path labels = images.resolveSibling(labelName);
        if (!Files.isRegularFile(labels)) {
            Path alternative = images.resolveSibling(labelName.endsWith(".gz")
                    ? labelName.substring(0, labelName.length() - 3) : labelName + ".gz");
            if (!Files.isRegularFile(alternative)) {
                throw new DataException(images + ": its label file " + labels.getFileName() + " is missing");
            }
            labels = alternative;
        }
        return labels;
    }

    static Dataset read(Path images, Path labels) {
        try (DataInputStream img = new DataInputStream(Inputs.openStream(images));
             DataInputStream lab = new DataInputStream(Inputs.openStream(labels))) {
            int magic = img.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataException(images + ": not an IDX image file (magic " + Integer.toHexString(magic)
                        + ", expected 803)");
            }
            int n = img.readInt();
            int rows = img.readInt();
            int cols = img.readInt();
            int labelMagic = lab.readInt();
            if (labelMagic != LABELS_MAGIC) {
                throw new DataException(labels + ": not an IDX label file (magic " + Integer.toHexString(labelMagic)
                        + ", expected 801)");
            }
            int m = lab.readInt();
            if (m != n || n < 0 || rows <= 0 || cols <= 0) {
                throw new DataException(images + ": " + n + " images of " + rows + "×" + cols + " but " + m + " labels");
            }
            int d = rows * cols;
            double[] values = new double[Math.multiplyExact(n, d)];
            byte[] buf = new byte[d];
            for (int i = 0; i < n; i++) {
                img.readFully(buf);
                for (int j = 0; j < d; j++) {
                    values[i * d + j] = buf[j] & 0xff;
                }
            }
            int[] raw = new int[n];
            TreeSet<Integer> distinct = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                raw[i] = lab.readUnsignedByte();
                distinct.add(raw[i]);
            }
            List<String> classes = new ArrayList<>();
            int[] index = new int[256];
            for (int c : distinct) {
                index[c] = classes.size();
                classes.add(Integer.toString(c));
            }
            double[] targets = new double[n];
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                targets[i] = index[raw[i]];
                ids[i] = i;
            }
            List<Attribute> features = new ArrayList<>(d);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    features.add(Attribute.numeric("px" + r + "_" + c));
                }
            }
            Schema schema = new Schema(features, Attribute.categorical("label", classes), Task.CLASSIFICATION);
            return Dataset.of(schema, values, targets, ids, null);
        } catch (EOFException e) {
            throw new DataException(images + ": the file ends early (truncated IDX data)", e);
        } catch (IOException e) {
            throw new DataException(images + ": cannot read: " + e.getMessage(), e);
        }
    }
}
