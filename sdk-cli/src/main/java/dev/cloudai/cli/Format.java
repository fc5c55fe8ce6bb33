package dev.cloudai.cli;

/** How a listing command prints: an aligned table for people, or JSON for scripts ({@code --format table|json}). */
enum Format {
    TABLE, JSON
}
