package org.distillnas.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.distillnas.space.SampledSpace;
import org.distillnas.space.genotype.Genotypes;
import org.distillnas.space.genotype.Nb201Genotype;
import org.distillnas.util.BadInputException;

/**
 * The architectures of a {@link TableRun}, as the genotype texts its workers are given: a seeded
 * sample of distinct NAS-Bench-201 cells or of distinct subnets of a sampling space, or a user's
 * list. Every text is checked here, so that a bad one is reported once, before any worker starts.
 */
public final class TableArchitectures {
    /** Draws per wanted subnet before a space is taken to have too few distinct ones. */
    private static final int DRAWS_PER_SUBNET = 1000;

    private TableArchitectures() {}

    /** {@code n} distinct NAS-Bench-201 cells, uniformly from all of them. */
    public static List<String> nb201Sample(int n, long seed) {
        if (n < 1 || n > Nb201Genotype.COUNT) {
            throw new BadInputException("--sample " + n + ": expected 1.." + Nb201Genotype.COUNT);
        }
        Random r = new Random(seed);
        Set<Integer> picked = new LinkedHashSet<>();
        while (picked.size() < n) {
            picked.add(r.nextInt(Nb201Genotype.COUNT));
        }
        return picked.stream().map(i -> Nb201Genotype.fromIndex(i).toString()).toList();
    }

    /**
     * {@code n} distinct subnets, in the order {@link SampledSpace#sample} first draws them from a
     * {@code Random(seed)}; repeats are skipped, so the same seed gives the same list. A space too
     * small for {@code n} is an error rather than an endless loop.
     */
    public static List<String> subnetSample(SampledSpace space, int n, long seed) {
        if (n < 1) {
            throw new BadInputException("--sample " + n + ": expected at least 1");
        }
        Random r = new Random(seed);
        Set<String> picked = new LinkedHashSet<>();
        long maxDraws = (long) DRAWS_PER_SUBNET * n;
        for (long draws = 0; picked.size() < n && draws < maxDraws; draws++) {
            picked.add(space.sample(r).toString());
        }
        if (picked.size() < n) {
            throw new BadInputException("--sample " + n + ": space " + space.name() + " gave only " + picked.size()
                    + " distinct subnets in " + maxDraws + " draws; ask for fewer");
        }
        return List.copyOf(picked);
    }

    /**
     * The non-blank lines of {@code file}, each a genotype text (or subnet string) that
     * {@link Genotypes#parseAny} reads; errors name the file and line.
     *
     * @param spaceOption given to every line as {@code train --space} would be (null: none)
     */
    public static List<String> listed(Path file, String spaceOption) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new BadInputException("--archs " + file + ": cannot read it: " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.isEmpty()) {
                Genotypes.parseAny(line, spaceOption, file + " line " + (i + 1));
                out.add(line);
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException("--archs " + file + " lists no architectures");
        }
        return out;
    }
}
