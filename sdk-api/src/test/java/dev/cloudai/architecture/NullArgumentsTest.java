package dev.cloudai.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.cloudai.CloudAi;
import dev.cloudai.CloudAiConfig;
import dev.cloudai.accelerator.Accelerator;
import dev.cloudai.accelerator.AcceleratorCatalog;
import dev.cloudai.accelerator.AcceleratorRequirement;
import dev.cloudai.accelerator.Explanation;
import dev.cloudai.accelerator.Offer;
import dev.cloudai.accelerator.Workload;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.ResilienceSettings;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.Endpoints;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.PlatformFacts;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.ResponseFormat;
import dev.cloudai.invocation.StreamedAnswer;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolChoice;
import dev.cloudai.invocation.ToolLoop;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.resilience.CallListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Flow;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every public entry point of the neutral API names the argument it rejects. For each public constructor and method
 * of the public types of these packages, each reference parameter in turn gets {@code null} (the others valid
 * samples), and an array or collection parameter also gets one holding a {@code null}: the call must throw a
 * {@link NullPointerException} or {@link IllegalArgumentException} whose message names the parameter (as compiled
 * with {@code -parameters}), or, for a setter whose parameter is called {@code value}, the setter. A new public
 * method is covered without touching this test; a new parameter type or receiver type makes it ask for a sample.
 */
class NullArgumentsTest {
    static final Set<String> PACKAGES = Set.of("dev.cloudai", "dev.cloudai.invocation", "dev.cloudai.deployment",
            "dev.cloudai.accelerator", "dev.cloudai.config", "dev.cloudai.errors", "dev.cloudai.resilience",
            "dev.cloudai.pricing");

    /**
     * Parameters where {@code null} is a documented, meaningful value, as {@code Type#member(parameter)} (a
     * constructor's member is {@code <init>}), with the reason.
     */
    static final Map<String, String> NULL_ALLOWED = new HashMap<>();

    static {
        for (String exception : List.of("AuthenticationException", "ConflictException", "DeadlineExceededException",
                "InvalidRequestException", "NotFoundException", "QuotaExceededException", "ThrottledException",
                "UnavailableException", "UnclassifiedException")) {
            NULL_ALLOWED.put(exception + "#<init>(detail)", "a cloud may fail without a message");
            NULL_ALLOWED.put(exception + "#<init>(cause)", "a failure found by the SDK itself has no native cause");
        }
        NULL_ALLOWED.put("DeploymentFailedException#<init>(cause)", "a failure the cloud reports as a status has no native exception");
        NULL_ALLOWED.put("ThrottledException#<init>(retryAfter)", "the provider did not say how long to wait");
        NULL_ALLOWED.put("UnavailableException#<init>(hint)", "documented: the default hint then applies");
        NULL_ALLOWED.put("ErrorInfo.Builder#providerCode(code)", "documented: optional parts may be set to null");
        NULL_ALLOWED.put("ErrorInfo.Builder#requestId(id)", "documented: optional parts may be set to null");
        NULL_ALLOWED.put("ErrorInfo.Builder#httpStatus(status)", "documented: optional parts may be set to null");
        NULL_ALLOWED.put("ChatResponse.Builder#finishDetail(value)", "documented: optional, null when the provider sent none");
        NULL_ALLOWED.put("ChatResponse.Builder#requestId(value)", "documented: optional, null when the provider sent none");
        NULL_ALLOWED.put("InvokeResponse#<init>(contentType)", "documented: a response without one is application/octet-stream");
        NULL_ALLOWED.put("InvokeResponse#<init>(requestId)", "documented: optional, null when the cloud sent none");
        NULL_ALLOWED.put("Accelerator#<init>(intendedUse)", "documented: free text, empty when unknown");
        NULL_ALLOWED.put("Accelerator#<init>(source)", "documented: free text, empty when unknown");
        NULL_ALLOWED.put("Offer#<init>(notes)", "documented: free text, empty when none");
        NULL_ALLOWED.put("ChatResponse.Builder#reasoning(value)", "documented: null or empty when the model returned none");
        NULL_ALLOWED.put("ChatResponse.Builder#reasoningSignature(value)", "documented: null or blank when there is none");
        NULL_ALLOWED.put("ChatMessage#assistant(reasoning)", "documented: an answer without kept reasoning");
        NULL_ALLOWED.put("ChatMessage#assistant(reasoningSignature)", "documented: null when there is none");
        NULL_ALLOWED.put("ChatResponse.Builder#cost(value)", "documented: null when the model's price is not known");
        NULL_ALLOWED.put("ChatChunk.Finished#withCost(value)", "documented: null when the model's price is not known");
        for (String part : List.of("instanceType", "url", "createdAt", "failureReason", "pricePerHour")) {
            NULL_ALLOWED.put("Endpoint.Builder#" + part + "(value)", "documented: null when the cloud did not report it");
        }
    }

    private static final Pattern HELPFUL_NPE = Pattern.compile("Cannot (invoke|read|load|store|assign|enter|throw) ");

    /** Callbacks the SDK calls, never the caller: their do-nothing defaults have nothing to check. */
    static final Set<Class<?>> CALLBACKS = Set.of(CallListener.class, ToolLoop.ToolHandler.class);

    /**
     * Samples for one parameter, as {@code Type#member(parameter)}, where the sample of its type is not a valid value
     * there (a MIME type is not any string), so a null in another parameter is what the call refuses.
     */
    private static final Map<String, Object> PARAMETER_SAMPLES = Map.of(
            "ContentPart#image(mimeType)", "image/png",
            "ContentPart.Image#<init>(mimeType)", "image/png",
            "ContentPart#document(mimeType)", "application/pdf",
            "ContentPart.Document#<init>(mimeType)", "application/pdf",
            "JsonRecords#read(json)", "{\"name\":\"sample\"}");

    /** A record to stand for any record type: JsonRecords and the loop's typed tools take one. */
    record SampleRecord(String name) {
    }

    private static CloudAi ai;
    private static final Map<Class<?>, Supplier<Object>> SAMPLES = new HashMap<>();
    private static final Map<Class<?>, Supplier<Object>> RECEIVERS = new HashMap<>();

    @BeforeAll
    static void samples() {
        CloudAiConfig config = CloudAiConfig.builder().provider("fake").build();
        ai = CloudAi.create(config);
        Offer offer = new Offer("aws", "sagemaker", "us-east-1", "ml.g5.xlarge", "A10G", 1, OptionalDouble.of(24),
                OptionalInt.of(4), OptionalDouble.of(16), OptionalDouble.empty(), OptionalDouble.of(1.41),
                OptionalDouble.empty(), Set.of(Workload.INFERENCE), "", List.of());
        sample(String.class, () -> "sample");
        sample(Path.class, () -> Path.of("sample.csv"));
        sample(Duration.class, () -> Duration.ofSeconds(1));
        sample(Instant.class, () -> Instant.EPOCH);
        sample(Integer.class, () -> 200);
        sample(java.math.BigDecimal.class, () -> java.math.BigDecimal.ONE);
        sample(java.util.OptionalLong.class, java.util.OptionalLong::empty);
        sample(dev.cloudai.invocation.CallCost.class, () -> new dev.cloudai.invocation.CallCost(java.math.BigDecimal.ONE,
                java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO, "model", "sample source"));
        sample(Throwable.class, () -> new RuntimeException("sample cause"));
        sample(ErrorInfo.class, () -> ErrorInfo.builder("aws", "chat").build());
        sample(TokenUsage.class, () -> new TokenUsage(1, 1));
        sample(ChatMessage.class, () -> ChatMessage.user("hi"));
        sample(ChatRequest.class, () -> ChatRequest.ofUser("hi"));
        sample(EmbeddingRequest.class, () -> EmbeddingRequest.of("hi"));
        sample(Embedding.class, () -> new Embedding(0, new float[]{1f}));
        sample(InvokeRequest.class, () -> InvokeRequest.json("{}"));
        sample(EndpointSpec.class, () -> EndpointSpec.builder("sample-endpoint").image("image").instanceType("ml.g5.xlarge").build());
        sample(AcceleratorRequirement.class, () -> AcceleratorRequirement.builder().workload(Workload.INFERENCE).build());
        sample(Offer.class, () -> offer);
        sample(Accelerator.class, () -> AcceleratorCatalog.builtIn().accelerators().get(0));
        sample(AcceleratorCatalog.class, AcceleratorCatalog::builtIn);
        sample(dev.cloudai.pricing.PriceTable.class, dev.cloudai.pricing.PriceTable::builtIn);
        sample(java.time.LocalDate.class, () -> java.time.LocalDate.of(2026, 7, 24));
        sample(Explanation.ConstraintReport.class, () -> new Explanation.ConstraintReport("c", 1));
        sample(CloudAiConfig.class, () -> config);
        sample(RetrySettings.class, () -> RetrySettings.DEFAULTS);
        sample(ResilienceSettings.class, () -> ResilienceSettings.DEFAULTS);
        sample(ConfigKeys.Range.class, () -> new ConfigKeys.Range("1", "2"));
        sample(CallListener.class, () -> new CallListener() {
        });
        sample(Flow.Publisher.class, () -> (Flow.Publisher<Object>) subscriber -> { });
        sample(ToolCall.class, () -> new ToolCall("call-1", "sample", "{}"));
        sample(ToolSpec.class, () -> ToolSpec.of("sample", "A sample tool"));
        sample(ToolChoice.class, ToolChoice::auto);
        sample(ResponseFormat.class, ResponseFormat::json);
        sample(ContentPart.class, () -> ContentPart.text("sample"));
        sample(ChatResponse.class, () -> ChatResponse.builder().text("sample").usage(new TokenUsage(1, 1))
                .finishReason(FinishReason.STOP).provider("fake").model("model").build());
        sample(ChatChunk.class, () -> new ChatChunk.TextDelta("sample"));
        sample(Class.class, () -> SampleRecord.class);
        sample(java.util.function.Function.class, () -> (java.util.function.Function<Object, Object>) a -> "ok");
        sample(ToolLoop.ToolHandler.class, () -> (ToolLoop.ToolHandler) call -> "ok");
        sample(java.util.concurrent.Executor.class, () -> (java.util.concurrent.Executor) Runnable::run);
        sample(Record.class, () -> new SampleRecord("sample"));
        sample(PlatformFacts.class, () -> PlatformFacts.of("aws", "aws", "sagemaker", "us-east-1"));
        sample(java.util.function.Consumer.class, () -> (java.util.function.Consumer<Object>) o -> { });
        // the catalog refresh and its cache; the cache's directory is never written: every call has a null argument
        java.nio.file.Path cacheDir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "cloudai-null-arguments-cache");
        sample(java.time.Clock.class, java.time.Clock::systemUTC);
        sample(dev.cloudai.accelerator.CatalogCache.class, () -> dev.cloudai.accelerator.CatalogCache.at(cacheDir));
        sample(dev.cloudai.spi.PriceSource.class, () -> new dev.cloudai.spi.PriceSource() {
            @Override
            public String cloud() {
                return "aws";
            }

            @Override
            public dev.cloudai.spi.PriceSheet fetch(dev.cloudai.spi.PriceQuery query) {
                return new dev.cloudai.spi.PriceSheet(List.of(), List.of(), 0);
            }

            @Override
            public void close() {
            }
        });
        sample(dev.cloudai.CatalogRefresh.UnknownShape.class,
                () -> new dev.cloudai.CatalogRefresh.UnknownShape("aws", "vm", "p6.48xlarge", Set.of("us-east-1")));
        sample(dev.cloudai.CatalogRefresh.CloudResult.class, () -> new dev.cloudai.CatalogRefresh.CloudResult("aws",
                dev.cloudai.CatalogRefresh.Status.COMPLETE, Set.of("us-east-1"), 1, 0, 1, 1, List.of(), Duration.ZERO,
                Optional.empty(), List.of()));

        receiver(dev.cloudai.accelerator.ServingThroughput.class, () -> dev.cloudai.accelerator.ServingThroughput.perDevice("H100", 1));
        receiver(CloudAi.class, () -> ai);
        receiver(CloudAiConfig.class, () -> config);
        receiver(CloudAiConfig.Builder.class, CloudAiConfig::builder);
        receiver(ChatModel.class, () -> ai.chatModel("model"));
        receiver(EmbeddingModel.class, () -> ai.embeddingModel("model"));
        receiver(Endpoints.class, ai::endpoints);
        receiver(ChatRequest.Builder.class, ChatRequest::builder);
        receiver(ChatResponse.Builder.class, ChatResponse::builder);
        receiver(EmbeddingRequest.Builder.class, EmbeddingRequest::builder);
        receiver(EndpointSpec.Builder.class, () -> EndpointSpec.builder("sample-endpoint"));
        receiver(AcceleratorRequirement.Builder.class, AcceleratorRequirement::builder);
        receiver(ErrorInfo.Builder.class, () -> ErrorInfo.builder("aws", "chat"));
        receiver(InvokeRequest.class, () -> InvokeRequest.json("{}"));
        receiver(Endpoint.Builder.class, () -> Endpoint.builder("id", "name", "aws", EndpointStatus.CREATING));
        receiver(PlatformFacts.class, () -> PlatformFacts.of("aws", "aws", "sagemaker", "us-east-1"));
        receiver(Offer.class, () -> offer);
        receiver(Endpoint.class, () -> Endpoint.builder("id", "name", "aws", EndpointStatus.CREATING).build());
        receiver(ChatChunk.Finished.class, () -> new ChatChunk.Finished(FinishReason.STOP, java.util.Optional.empty(),
                java.util.Optional.empty()));
        receiver(dev.cloudai.pricing.PriceTable.class, dev.cloudai.pricing.PriceTable::builtIn);
        receiver(AcceleratorCatalog.class, AcceleratorCatalog::builtIn);
        receiver(dev.cloudai.accelerator.CatalogCache.class,
                () -> dev.cloudai.accelerator.CatalogCache.at(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                        "cloudai-null-arguments-cache")));
        receiver(dev.cloudai.CatalogRefresh.Builder.class, () -> dev.cloudai.CatalogRefresh.builder(config));
        receiver(dev.cloudai.CatalogRefresh.Result.class, () -> new dev.cloudai.CatalogRefresh.Result(
                AcceleratorCatalog.builtIn(), Instant.EPOCH, List.of(), List.of(), Optional.empty()));
        receiver(ConfigKeys.Key.class, () -> ConfigKeys.find(ConfigKeys.TIMEOUT).orElseThrow());
        receiver(dev.cloudai.config.RetrySettings.Builder.class, dev.cloudai.config.RetrySettings::builder);
        receiver(dev.cloudai.config.ResilienceSettings.Builder.class, dev.cloudai.config.ResilienceSettings::builder);
        receiver(StreamedAnswer.class, StreamedAnswer::new);
        receiver(CallListener.CallFinished.Builder.class,
                () -> CallListener.CallFinished.builder(1, "fake", "chat", Duration.ofMillis(1)));
        receiver(ToolLoop.Builder.class, () -> ToolLoop.builder(ai.chatModel("model")));
        receiver(ToolLoop.class, () -> ToolLoop.builder(ai.chatModel("model"))
                .tool(ToolSpec.of("sample", "A sample tool"), call -> "ok").build());
    }

    @AfterAll
    static void close() {
        if (ai != null) ai.close();
    }

    private static void sample(Class<?> type, Supplier<Object> s) {
        SAMPLES.put(type, s);
    }

    private static void receiver(Class<?> type, Supplier<Object> s) {
        RECEIVERS.put(type, s);
    }

    @TestFactory
    Stream<DynamicTest> everyPublicEntryPointNamesTheNullArgumentItRejects() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> type : publicApiTypes()) {
            if (CALLBACKS.contains(type)) continue;
            for (Executable e : entryPoints(type)) {
                Parameter[] params = e.getParameters();
                for (int i = 0; i < params.length; i++) {
                    Parameter p = params[i];
                    if (p.getType().isPrimitive()) continue;
                    assertTrue(p.isNamePresent(), "compile with -parameters: " + describe(e));
                    String id = id(e, p);
                    if (NULL_ALLOWED.containsKey(id)) continue;
                    int index = i;
                    tests.add(DynamicTest.dynamicTest(id + " null", () -> expectNamed(e, index, null)));
                    Object holdingNull = holdingNull(p);
                    if (holdingNull != null) {
                        tests.add(DynamicTest.dynamicTest(id + " holding null", () -> expectNamed(e, index, holdingNull)));
                    }
                }
            }
        }
        assertTrue(tests.size() > 100, "the scan found the API: " + tests.size() + " cases");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyNullAllowanceStillMatchesAParameter() {
        Set<String> ids = new java.util.HashSet<>();
        for (Class<?> type : publicApiTypes()) {
            for (Executable e : entryPoints(type)) {
                for (Parameter p : e.getParameters()) ids.add(id(e, p));
            }
        }
        return NULL_ALLOWED.keySet().stream().sorted().map(k -> DynamicTest.dynamicTest(k,
                () -> assertTrue(ids.contains(k), k + " names no parameter of the API any more; remove it")));
    }

    /** Calls {@code e} with {@code bad} as its {@code index}th argument and checks the failure names it. */
    private static void expectNamed(Executable e, int index, Object bad) throws Exception {
        Parameter p = e.getParameters()[index];
        Object[] args = new Object[e.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = i == index ? bad : sample(e.getParameters()[i]);
        }
        Throwable thrown;
        try {
            if (e instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                Method m = (Method) e;
                m.invoke(Modifier.isStatic(m.getModifiers()) ? null : receiver(m.getDeclaringClass()), args);
            }
            fail(describe(e) + " accepted " + (bad == null ? "null" : "a null element") + " for " + p.getName());
            return;
        } catch (InvocationTargetException ite) {
            thrown = ite.getCause();
        }
        if (!(thrown instanceof NullPointerException || thrown instanceof IllegalArgumentException)) {
            throw new AssertionError(describe(e) + " with " + what(bad, p) + " threw " + thrown, thrown);
        }
        String message = thrown.getMessage();
        // The JDK's helpful NullPointerException message ("Cannot invoke ... because "info" is null") names a variable
        // by accident of the code's shape; the API must check and say it on purpose.
        assertTrue(message == null || !HELPFUL_NPE.matcher(message).lookingAt(), describe(e) + " with " + what(bad, p)
                + " failed by accident, not by a check: " + message);
        boolean setter = p.getName().equals("value") || p.getName().equals("values");
        boolean named = message != null && (names(message, p.getName()) || (setter && names(message, ((Method) e).getName())));
        assertTrue(named, describe(e) + " with " + what(bad, p) + " must name it; threw "
                + thrown.getClass().getSimpleName() + ": " + message);
    }

    private static String what(Object bad, Parameter p) {
        return (bad == null ? "null " : "a null element in ") + p.getName();
    }

    private static boolean names(String message, String name) {
        return Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(name) + "(?![A-Za-z0-9])").matcher(message).find();
    }

    /** An array or collection holding one null, for a parameter of such a type; else null. */
    private static Object holdingNull(Parameter p) {
        Class<?> t = p.getType();
        if (t.isArray() && !t.getComponentType().isPrimitive()) return Array.newInstance(t.getComponentType(), 1);
        if (t == List.class || t == Collection.class) return Collections.singletonList(null);
        if (t == Set.class) return Collections.singleton(null);
        return null;
    }

    private static Object sample(Parameter p) {
        String id = id(p.getDeclaringExecutable(), p);
        if (PARAMETER_SAMPLES.containsKey(id)) return PARAMETER_SAMPLES.get(id);
        return sample(p.getParameterizedType(), p);
    }

    private static Object sample(Type type, Parameter where) {
        Class<?> raw = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType()
                : type instanceof Class<?> c ? c : Object.class;
        if (raw == int.class || raw == long.class) return raw == int.class ? (Object) 1 : (Object) 1L;
        if (raw == double.class) return 1.0;
        if (raw == float.class) return 1f;
        if (raw == boolean.class) return false;
        if (raw == byte[].class) return new byte[]{1};
        if (raw == float[].class) return new float[]{1f};
        if (raw.isArray()) {
            Object a = Array.newInstance(raw.getComponentType(), 1);
            Array.set(a, 0, sample(raw.getComponentType(), where));
            return a;
        }
        if (raw.isEnum()) return raw.getEnumConstants()[0];
        if (raw == Optional.class) return Optional.empty();
        if (raw == OptionalDouble.class) return OptionalDouble.empty();
        if (raw == OptionalInt.class) return OptionalInt.empty();
        if (raw == List.class || raw == Collection.class) return List.of(sample(argument(type, 0), where));
        if (raw == Set.class) return Set.of(sample(argument(type, 0), where));
        if (raw == Map.class) return Map.of(sample(argument(type, 0), where), sample(argument(type, 1), where));
        Supplier<Object> s = SAMPLES.get(raw);
        if (s == null) throw new AssertionError("add a sample of " + raw.getName() + " (for " + where + " of "
                + describe(where.getDeclaringExecutable()) + ") to NullArgumentsTest");
        return s.get();
    }

    private static Type argument(Type type, int i) {
        return type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[i] : Object.class;
    }

    private static Object receiver(Class<?> type) {
        Supplier<Object> s = RECEIVERS.get(type);
        if (s == null) throw new AssertionError("add a receiver of " + type.getName() + " to NullArgumentsTest");
        return s.get();
    }

    /** Public classes and interfaces of the API packages, nested ones included, whose enclosing types are public. */
    static List<Class<?>> publicApiTypes() {
        List<Class<?>> out = new ArrayList<>();
        for (JavaClass jc : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PACKAGES.toArray(String[]::new))) {
            if (!PACKAGES.contains(jc.getPackageName())) continue;
            Class<?> c = jc.reflect();
            boolean visible = true;
            for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
                visible &= Modifier.isPublic(k.getModifiers()) && !k.isAnonymousClass() && !k.isLocalClass();
            }
            if (visible) out.add(c);
        }
        out.sort(Comparator.comparing(Class::getName));
        return out;
    }

    /** Public constructors and methods declared by {@code type}, without {@code equals} and an enum's {@code valueOf}. */
    static List<Executable> entryPoints(Class<?> type) {
        List<Executable> out = new ArrayList<>();
        if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())) {
            Arrays.stream(type.getConstructors()).forEach(out::add);
        }
        for (Method m : type.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) continue;
            if (m.getName().equals("equals") && m.getParameterCount() == 1) continue;
            if (type.isEnum() && m.getName().equals("valueOf") && Modifier.isStatic(m.getModifiers())) continue;
            out.add(m);
        }
        out.sort(Comparator.comparing(NullArgumentsTest::describe));
        return out;
    }

    private static String id(Executable e, Parameter p) {
        Class<?> c = e.getDeclaringClass();
        String type = c.getEnclosingClass() == null ? c.getSimpleName() : c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName();
        return type + "#" + (e instanceof Constructor<?> ? "<init>" : e.getName()) + "(" + p.getName() + ")";
    }

    private static String describe(Executable e) {
        return e.getDeclaringClass().getName() + (e instanceof Constructor<?> ? "" : "." + e.getName())
                + Arrays.stream(e.getParameters()).map(p -> p.getType().getSimpleName() + " " + p.getName())
                .collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    @org.junit.jupiter.api.Test
    void theIssuesTwoCasesNameTheirField() {
        var texts = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> EmbeddingRequest.of((String) null));
        assertEquals("texts[0]: must not be null", texts.getMessage());
        var listeners = org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> CloudAi.create(CloudAiConfig.builder().provider("fake").build(), (CallListener) null));
        assertEquals("listeners[0]: must not be null", listeners.getMessage());
    }
}
