// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "k3smigrate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "k3smigrate", targets: ["k3smigrate"]),
        .library(name: "K3sMigrateCore", targets: ["K3sMigrateCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        // SHA-256 and HMAC-SHA1 from OpenSSL's libcrypto, which libssh2 links already.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(
            name: "K3sMigrateCore",
            dependencies: ["CLibCrypto", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "K3sMigrateSSH",
            dependencies: ["CLibSSH2", "CLibCrypto", "K3sMigrateCore", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "K3sMigrateRun",
            dependencies: ["K3sMigrateCore", "K3sMigrateSSH", .product(name: "Yams", package: "Yams"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // The commit of the build, for --version (scripts/install.sh defines it).
        .target(name: "CBuildInfo"),
        .executableTarget(
            name: "k3smigrate",
            dependencies: [
                "K3sMigrateCore", "K3sMigrateRun", "K3sMigrateSSH", "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "k3smigrate-bench-ssh", dependencies: ["K3sMigrateSSH", "K3sMigrateCore"], path: "bench/ssh"),
        .testTarget(name: "K3sMigrateCoreTests", dependencies: ["K3sMigrateCore"], exclude: ["Fixtures"]),
        .testTarget(name: "K3sMigrateSSHTests", dependencies: ["K3sMigrateSSH", "K3sMigrateCore"]),
        .testTarget(name: "K3sMigrateRunTests", dependencies: ["K3sMigrateRun", "K3sMigrateCore", "K3sMigrateSSH", "k3smigrate"]),
    ]
)
