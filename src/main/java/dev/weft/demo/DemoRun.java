package dev.weft.demo;

import dev.weft.warehouse.Warehouse;

import java.io.PrintWriter;

/** What every demo step works with: the demo warehouse and where to print what it did. */
public record DemoRun(Warehouse warehouse, PrintWriter out) {
}
