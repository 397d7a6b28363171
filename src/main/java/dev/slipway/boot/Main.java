package dev.slipway.boot;

public final class Main {
    public static void main(String[] args) {
        System.out.println("slipway");
    }
}
