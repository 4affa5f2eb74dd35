package org.distillnas.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.distillnas.util.BadInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A declared grid of search runs, read from a YAML file: configurations x seeds, each trial a
 * search at one budget and the retraining of its genotype at another. For example:
 *
 * <pre>
 * name: collapse
 * title: Collapse (NB201, Fashion-MNIST)
 * seeds: [0, 1, 2]
 * threads: 1
 * search: --epochs 6 --limit 8000 --track-sharpness
 * retrain: --epochs 3 --limit 10000
 * configurations:
 *   - name: darts
 *     search: --method darts
 *   - name: pc-darts
 *     search: --method pc-darts
 *     sharpness: --batches 1
 * report:
 *   section: collapse
 * </pre>
 *
 * Options may be a string (split as a shell would) or a list of words. Top-level fields named
 * {@code x-...} are ignored, to hold what YAML anchors share between configurations. Every error
 * names the file and the field.
 *
 * @param search the search budget, added to every configuration's own search options
 * @param retrain the retraining options, or null for no retraining
 * @param threads libtorch threads of every step, or null for the runner's share of the cores; the
 *     thread count is recorded in each run because it changes results in the last digits
 * @param section the Markdown section {@code compare} writes
 * @param prefix the file-name prefix of {@code compare}'s plots
 * @param steps every trial's steps after its search and retraining (an evolution, the retraining
 *     of what it found, a ranking...)
 * @param setup steps run once before the trials, as the trial {@code setup} (a stand-alone table
 *     the trials' rankings read from {@code {root}/trials/setup/}); empty for none
 */
public record ExperimentSpec(String name, String title, List<Long> seeds, List<String> search, List<String> retrain,
        Integer threads, List<ExperimentConfiguration> configurations, String section, String prefix,
        List<StepTemplate> steps, List<StepTemplate> setup) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,40}");
    private static final Set<String> FIELDS = Set.of("name", "title", "seeds", "search", "retrain", "threads",
            "configurations", "report", "steps", "setup");
    private static final Set<String> STEP_FIELDS = Set.of("name", "run", "resume", "started", "done", "done_contains",
            "optional", "needs", "worker_options");

    public ExperimentSpec {
        seeds = List.copyOf(seeds);
        search = List.copyOf(search);
        retrain = retrain == null ? null : List.copyOf(retrain);
        configurations = List.copyOf(configurations);
        steps = List.copyOf(steps);
        setup = List.copyOf(setup);
    }

    /** Reads and checks a spec file. */
    public static ExperimentSpec read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("experiment spec " + file + " does not exist: expected a YAML file");
        }
        JsonNode root;
        // SnakeYAML itself, not Jackson's YAML tree: only it expands aliases (*steps), which let
        // configurations share steps
        try (java.io.Reader in = Files.newBufferedReader(file)) {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            root = new ObjectMapper().valueToTree(tree);
        } catch (IOException | YAMLException e) {
            throw new BadInputException("experiment spec " + file + " is not valid YAML: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
        return new Reader(file).spec(root);
    }

    /** The same spec with other seeds, budgets or a subset of configurations (for a quick trial of a spec). */
    public ExperimentSpec with(List<Long> newSeeds, List<String> newSearch, List<String> newRetrain, Set<String> only) {
        List<ExperimentConfiguration> kept = configurations;
        if (only != null) {
            Set<String> names = new HashSet<>();
            configurations.forEach(c -> names.add(c.name()));
            for (String o : only) {
                if (!names.contains(o)) {
                    throw new BadInputException("--configurations " + o + ": not in the spec; expected one of " + names);
                }
            }
            kept = configurations.stream().filter(c -> only.contains(c.name())).toList();
        }
        return new ExperimentSpec(name, title, newSeeds != null ? newSeeds : seeds, newSearch != null ? newSearch : search,
                newRetrain != null ? newRetrain : retrain, threads, kept, section, prefix, steps, setup);
    }

    /** Turns the YAML tree into a spec, naming the file and the field in every error. */
    private record Reader(Path file) {
        ExperimentSpec spec(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw bad("the file", "expected a mapping with name, seeds, search and configurations");
            }
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                // x-... fields hold what YAML anchors share (&steps ... *steps) and are not read
                if (!FIELDS.contains(f) && !f.startsWith("x-")) {
                    throw bad("field '" + f + "'", "unknown; expected one of " + new java.util.TreeSet<>(FIELDS));
                }
            }
            String name = name(root.get("name"), "name");
            String title = root.hasNonNull("title") ? root.get("title").asText() : name;
            List<Long> seeds = seeds(root.get("seeds"));
            List<String> search = words(root.get("search"), "search");
            List<String> retrain = root.hasNonNull("retrain") ? words(root.get("retrain"), "retrain") : null;
            Integer threads = null;
            if (root.hasNonNull("threads")) {
                JsonNode t = root.get("threads");
                if (!t.canConvertToInt() || !t.isIntegralNumber() || t.asInt() < 1) {
                    throw bad("threads '" + t.asText() + "'", "expected a positive whole number");
                }
                threads = t.asInt();
            }
            List<ExperimentConfiguration> configs = configurations(root.get("configurations"));
            JsonNode report = root.path("report");
            String section = report.hasNonNull("section") ? name(report.get("section"), "report.section") : name;
            String prefix = report.hasNonNull("prefix") ? name(report.get("prefix"), "report.prefix") : name;
            return new ExperimentSpec(name, title, seeds, search, retrain, threads, configs, section, prefix,
                    steps(root.get("steps"), "steps", true), steps(root.get("setup"), "setup", false));
        }

        private List<ExperimentConfiguration> configurations(JsonNode node) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw bad("configurations", "expected a list of {name, search} entries");
            }
            List<ExperimentConfiguration> out = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode c = node.get(i);
                String where = "configurations[" + i + "]";
                if (!c.isObject()) {
                    throw bad(where, "expected a mapping with name and search");
                }
                for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!Set.of("name", "search", "sharpness", "steps").contains(f)) {
                        throw bad(where + "." + f, "unknown; expected name, search, sharpness or steps");
                    }
                }
                String n = name(c.get("name"), where + ".name");
                if (!seen.add(n)) {
                    throw bad(where + ".name '" + n + "'", "repeats an earlier configuration's name");
                }
                out.add(new ExperimentConfiguration(n, c.hasNonNull("search") ? words(c.get("search"), where + ".search") : List.of(),
                        c.hasNonNull("sharpness") ? words(c.get("sharpness"), where + ".sharpness") : null,
                        steps(c.get("steps"), where + ".steps", true)));
            }
            return out;
        }

        /** A list of steps; {@code seeded}: the trials' steps may use {seed}, the setup's may not. */
        private List<StepTemplate> steps(JsonNode node, String where, boolean seeded) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw bad(where, "expected a list of steps, each with name, run and done");
            }
            List<StepTemplate> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode s = node.get(i);
                String at = where + "[" + i + "]";
                if (!s.isObject()) {
                    throw bad(at, "expected a mapping with name, run and done");
                }
                for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    if (!STEP_FIELDS.contains(f)) {
                        throw bad(at + "." + f, "unknown; expected one of " + new java.util.TreeSet<>(STEP_FIELDS));
                    }
                }
                List<String> run = words(s.get("run"), at + ".run");
                if (run.isEmpty() || !s.hasNonNull("done")) {
                    throw bad(at, "expected a command line ('run') and the file that says it is done ('done')");
                }
                List<String> resume = s.hasNonNull("resume") ? words(s.get("resume"), at + ".resume") : null;
                if (!seeded && (String.join(" ", run).contains(StepTemplate.SEED)
                        || resume != null && String.join(" ", resume).contains(StepTemplate.SEED))) {
                    throw bad(at, "uses " + StepTemplate.SEED + ", but the setup runs once, for no seed");
                }
                out.add(new StepTemplate(name(s.get("name"), at + ".name"), run, resume, text(s, "started"), s.get("done").asText(),
                        text(s, "done_contains"), flag(s, "optional", false, at), text(s, "needs"),
                        flag(s, "worker_options", true, at)));
            }
            return out;
        }

        private static String text(JsonNode n, String field) {
            return n.hasNonNull(field) ? n.get(field).asText() : null;
        }

        private boolean flag(JsonNode n, String field, boolean fallback, String at) {
            if (!n.hasNonNull(field)) {
                return fallback;
            }
            if (!n.get(field).isBoolean()) {
                throw bad(at + "." + field + " '" + n.get(field).asText() + "'", "expected true or false");
            }
            return n.get(field).asBoolean();
        }

        private List<Long> seeds(JsonNode node) {
            if (node == null || !node.isArray() || node.isEmpty()) {
                throw bad("seeds", "expected a non-empty list of whole numbers, e.g. [0, 1, 2]");
            }
            List<Long> out = new ArrayList<>();
            for (JsonNode s : node) {
                if (!s.isIntegralNumber() || s.asLong() < 0) {
                    throw bad("seed '" + s.asText() + "'", "expected a whole number >= 0");
                }
                if (out.contains(s.asLong())) {
                    throw bad("seed " + s.asLong(), "listed twice");
                }
                out.add(s.asLong());
            }
            return out;
        }

        private List<String> words(JsonNode node, String where) {
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (node.isTextual() || node.isNumber()) {
                return CommandWords.split(node.asText(), "experiment spec " + file + ": " + where);
            }
            if (node.isArray()) {
                List<String> out = new ArrayList<>();
                for (JsonNode w : node) {
                    if (!w.isValueNode()) {
                        throw bad(where, "expected a list of words");
                    }
                    out.add(w.asText());
                }
                return out;
            }
            throw bad(where, "expected options as a string or a list of words");
        }

        private String name(JsonNode node, String where) {
            if (node == null || !node.isValueNode() || !NAME.matcher(node.asText()).matches()) {
                throw bad(where + (node == null ? "" : " '" + node.asText() + "'"),
                        "expected a name of 1-41 letters, digits, '.', '_', '+' or '-'");
            }
            return node.asText();
        }

        private BadInputException bad(String what, String expected) {
            return new BadInputException("experiment spec " + file + ": " + what + ": " + expected);
        }
    }
}
