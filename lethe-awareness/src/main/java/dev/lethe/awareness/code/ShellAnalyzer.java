package dev.lethe.awareness.code;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lethe's own training in shell scripts: command lines that run {@code lethe train} or
 * {@code lethe model train}, split into words as the shell would (quotes aside); {@code --data} or
 * {@code --dataset} names the data. These models are registered by construction (a home's models)
 * or trained by Lethe, so erasure requests can reach them.
 */
final class ShellAnalyzer {

    List<RawSite> analyse(String file, String text) {
        List<RawSite> sites = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("#")) {
                continue;
            }
            List<String> words = Arrays.asList(line.replace("\"", "").replace("'", "").split("\\s+"));
            int at = words.indexOf("lethe");
            if (at < 0) {
                at = words.indexOf("./lethe");
            }
            if (at < 0 || at + 1 >= words.size()) {
                continue;
            }
            boolean train = words.get(at + 1).equals("train")
                    || (words.get(at + 1).equals("model") && at + 2 < words.size() && words.get(at + 2).equals("train"));
            if (!train) {
                continue;
            }
            Frame data = null;
            for (int k = at + 1; k + 1 < words.size(); k++) {
                if (words.get(k).equals("--data") || words.get(k).equals("--dataset")) {
                    data = Frame.source(words.get(k + 1), null);
                }
            }
            sites.add(new RawSite(file, i + 1, "Lethe", String.join(" ", words.subList(at, Math.min(words.size(), at + 3))),
                    "lethe", data));
        }
        return sites;
    }
}
