package org.distillnas.tmp;

import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.training.GradientCollector;
import java.util.*;
import org.distillnas.data.Batch;
import org.distillnas.nn.*;
import org.distillnas.run.SearchData;
import org.distillnas.space.*;
import org.distillnas.space.genotype.Subnet;
import org.distillnas.supernet.*;
import org.distillnas.train.*;
import org.distillnas.train.optim.Sgd;
import org.distillnas.util.*;
import org.junit.jupiter.api.Test;

class NanTmpTest {
    @Test
    void t() {
        EngineSetup.start(2, 1);
        SearchConfig c = SearchConfig.builder().setSpace("mbv3-small").setMethod("spos").optLimit(8000).optBatchSize(64).build();
        SearchData data = SearchData.load(c, false);
        SampledSpace sp = SampledSpaces.byName("mbv3-small");
        Subnet s = Subnet.parse(System.getProperty("subnet", sp.largest().toString()));
        try (NDManager m = NDManager.newBaseManager()) {
            DiscreteNetwork net = sp.network(s, 1, 10, new ParamFactory(m, 1));
            Map<String, Param> w = net.namedParams(Param::trainable);
            Sgd sgd = new Sgd(0.9, 4e-5, true);
            for (int i = 0; i < 120; i++) {
                Batch b = data.train().batch(0, i % data.train().batchesPerEpoch());
                double loss;
                try (NDManager sm = m.newSubManager(); NDScope sc = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = Losses.crossEntropy(net.forward(b.x(sm), true), b.y(sm));
                    gc.backward(l);
                    loss = Losses.scalar(l);
                }
                double norm = org.distillnas.strategy.Grads.clipNorm(w, 5);
                if (i % 10 == 0 || Double.isNaN(loss) || Double.isNaN(norm)) {
                    System.out.printf("STEP %d loss %.4f gradnorm %.3f%n", i, loss, norm);
                }
                if (Double.isNaN(loss) || Double.isNaN(norm)) {
                    w.forEach((k, p) -> { NDArray g = p.gradientOrNull(); if (g != null && Double.isNaN(g.sum().getFloat())) System.out.println("NANGRAD " + k); });
                    break;
                }
                sgd.step(w, 0.05);
            }
        }
    }
}
