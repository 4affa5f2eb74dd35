# The image a Kubernetes trial runs on (see docs/CLUSTER.md): distillnas on the PATH, a Java 17
# runtime, and Fashion-MNIST where the tool looks for it (/usr/share/datasets/fashion-mnist).
#   docker build -t registry.example.org/distillnas:1.0 .

# --- build: the launcher script and its jars (target/appassembler), as ./distillnas builds them
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
# the dependencies in a layer of their own, so that a change of the sources does not fetch them again
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -DskipTests package

# --- runtime: Debian, whose dataset-fashion-mnist package ships the data set
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless dataset-fashion-mnist \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/appassembler /opt/distillnas
# libtorch is unpacked from its jar on first use; one cache that any user of the pod may write
ENV DJL_CACHE_DIR=/var/cache/djl \
    PATH=/opt/distillnas/bin:$PATH
RUN mkdir -p /var/cache/djl && chmod 1777 /var/cache/djl
# a Job's container runs `distillnas run-trial SPEC`; with no command the image shows its help
ENTRYPOINT []
CMD ["distillnas", "--help"]
