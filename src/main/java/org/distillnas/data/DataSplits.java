package org.distillnas.data;

/** A data set's official training and test parts. */
public record DataSplits(ImageDataset train, ImageDataset test) {}
