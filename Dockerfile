# One multi-stage build for every service: `docker build --target listener .` and so on;
# docker-compose.yml picks the targets. Build with Maven, run on a JRE as a non-root user.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again.
# Every module of the root pom.xml must be here, or Maven cannot read the reactor.
COPY pom.xml .
COPY events/pom.xml events/
COPY common/pom.xml common/
COPY listener-service/pom.xml listener-service/
COPY processor-service/pom.xml processor-service/
COPY app/pom.xml app/
COPY loadgen/pom.xml loadgen/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -q dependency:go-offline -DexcludeArtifactIds=events,common,listener-service,processor-service,app,loadgen,benchmarks || true
COPY . .
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre AS runtime
RUN groupadd --system fm && useradd --system --gid fm --home-dir /app fm
WORKDIR /app
USER fm
ENV BIND_ADDRESS=0.0.0.0

FROM runtime AS listener
COPY --from=build /src/listener-service/target/listener-service.jar /app/
COPY --from=build /src/listener-service/target/lib/ /app/lib/
# 9190: the metrics and health port, when HTTP_PORT=9190 (docker-compose.yml sets it).
EXPOSE 9090 9190
# The launchers' memory limits and collector (bin/lib/launch.sh).
ENTRYPOINT ["java", "-Xmx256m", "-XX:MaxDirectMemorySize=96m", "-XX:+UseParallelGC", "-jar", "/app/listener-service.jar"]

FROM runtime AS processor
COPY --from=build /src/processor-service/target/processor-service.jar /app/
COPY --from=build /src/processor-service/target/lib/ /app/lib/
# 9199: the metrics and health port, when HTTP_PORT=9199 (docker-compose.yml sets it).
EXPOSE 9099 9199
# The launchers' memory limits and collector (bin/lib/launch.sh).
ENTRYPOINT ["java", "-Xmx256m", "-XX:MaxDirectMemorySize=96m", "-XX:+UseParallelGC", "-jar", "/app/processor-service.jar"]

FROM runtime AS loadgen
COPY --from=build /src/loadgen/target/loadgen.jar /app/
COPY --from=build /src/loadgen/target/lib/ /app/lib/
ENTRYPOINT ["java", "-jar", "/app/loadgen.jar"]

FROM runtime AS all-in-one
COPY --from=build /src/app/target/follower-maze.jar /app/
COPY --from=build /src/app/target/lib/ /app/lib/
# 9190: the metrics and health port of both services, when HTTP_PORT=9190.
EXPOSE 9090 9099 9190
# The launchers' memory limits and collector (bin/lib/launch.sh).
ENTRYPOINT ["java", "-Xmx256m", "-XX:MaxDirectMemorySize=96m", "-XX:+UseParallelGC", "-jar", "/app/follower-maze.jar"]
