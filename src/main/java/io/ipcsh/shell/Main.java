package io.ipcsh.shell;

public final class Main {
    public static void main(String[] args) {
        System.out.println("ipcsh " + Runtime.version());
    }
}
