# Multi-stage build: the Maven wrapper builds the jar, a slim JRE runs it as a non-root user.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package && cp target/askdb-*.jar /askdb.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system askdb && useradd --system --gid askdb --home-dir /var/lib/askdb askdb \
    && mkdir -p /var/lib/askdb && chown askdb:askdb /var/lib/askdb && chmod 700 /var/lib/askdb \
    && apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /askdb.jar /opt/askdb/askdb.jar
USER askdb
ENV ASKDB_DATA_DIR=/var/lib/askdb \
    SERVER_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME ["/var/lib/askdb"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/opt/askdb/askdb.jar"]
