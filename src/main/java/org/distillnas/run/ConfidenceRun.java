package org.distillnas.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.distillnas.data.BatchStream;
import org.distillnas.eval.ConfidenceGap;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.DiscreteNetwork;
import org.distillnas.util.AtomicFiles;
import org.distillnas.util.BadInputException;
import org.distillnas.util.EngineSetup;
import org.distillnas.util.NativeAllocator;

/**
 * {@code distillnas confidence}: how a sampling supernet's subnets match the confidence of its
 * largest subnet, the teacher of in-place distillation ({@link ConfidenceGap}). The students are the
 * smallest subnet and {@code random} subnets drawn with {@code seed}; every network has inherited
 * weights and recalibrated BatchNorm, and all are compared on the run's validation images (the
 * teacher runs once, its predictions kept for all students). Writes
 * {@code confidence.json} into the run folder.
 */
public final class ConfidenceRun {
    public static final String FILE = "confidence.json";

    private ConfidenceRun() {}

    /** One student's comparison with the teacher. */
    public record Student(Subnet subnet, double mflops, ConfidenceGap.Result gap) {}

    /**
     * @param images validation images compared (0: the whole validation split)
     * @param tolerance |gap| at or below which a student counts as matching the teacher
     */
    public static List<Student> run(Path runDir, int random, long seed, int images, double tolerance, PrintStream out) {
        if (random < 0) {
            throw new BadInputException("--random " + random + ": expected 0 or more subnets");
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new BadInputException("--tolerance " + tolerance + ": expected a probability in [0, 1)");
        }
        if (images < 0) {
            throw new BadInputException("--images " + images + ": expected 0 (all) or a positive count");
        }
        List<Student> students = new ArrayList<>();
        try (NDManager manager = EngineSetup.newManager()) {
            TrainedSupernet t = TrainedSupernet.load(runDir, null, manager);
            BatchStream val = images > 0 ? t.data().valEval().firstImages(images) : t.data().valEval();
            List<Subnet> subnets = new ArrayList<>();
            subnets.add(t.space().smallest());
            Random rng = new Random(seed);
            // distinct students, none the teacher itself (a small space may hold fewer than asked)
            for (int draws = 0; subnets.size() < random + 1 && draws < 100 * (random + 1); draws++) {
                Subnet s = t.space().sample(rng);
                if (!s.equals(t.space().largest()) && !subnets.contains(s)) {
                    subnets.add(s);
                }
            }
            ConfidenceGap.Teacher teacher;
            try (NDManager tm = manager.newSubManager()) {
                teacher = ConfidenceGap.Teacher.of(t.evaluation().network(t.space().largest(), tm)::forward, val, tm);
            }
            for (Subnet s : subnets) {
                try (NDManager sm = manager.newSubManager()) {
                    DiscreteNetwork student = t.evaluation().network(s, sm);
                    ConfidenceGap.Result r = ConfidenceGap.measure(teacher, student::forward, val, tolerance, sm);
                    double mflops = t.sampler().macs(s) / 1e6;
                    students.add(new Student(s, mflops, r));
                    out.printf("%-70s %6.2f MFLOPs  over-confident %5.1f%%  under-confident %5.1f%%  mean gap %+.4f%n",
                            s, mflops, 100 * r.overShare(), 100 * r.underShare(), r.meanGap());
                } finally {
                    NativeAllocator.trim();
                }
            }
        }
        write(runDir.resolve(FILE), students, tolerance, seed);
        double over = students.stream().mapToDouble(s -> s.gap().overShare()).average().orElse(Double.NaN);
        double under = students.stream().mapToDouble(s -> s.gap().underShare()).average().orElse(Double.NaN);
        out.printf("mean over %d students: over-confident %.1f%%, under-confident %.1f%% (tolerance %.3f)%n",
                students.size(), 100 * over, 100 * under, tolerance);
        return students;
    }

    private static void write(Path file, List<Student> students, double tolerance, long seed) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("tolerance", tolerance);
        root.put("seed", seed);
        ArrayNode list = root.putArray("students");
        double over = 0;
        double under = 0;
        for (Student s : students) {
            ObjectNode o = list.addObject();
            o.put("subnet", s.subnet().toString());
            o.put("mflops", s.mflops());
            o.put("images", s.gap().samples());
            o.put("over_confident", s.gap().overShare());
            o.put("under_confident", s.gap().underShare());
            o.put("mean_gap", s.gap().meanGap());
            o.put("mean_abs_gap", s.gap().meanAbsGap());
            over += s.gap().overShare();
            under += s.gap().underShare();
        }
        root.put("mean_over_confident", over / students.size());
        root.put("mean_under_confident", under / students.size());
        try {
            AtomicFiles.writeString(file, json.writeValueAsString(root) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
