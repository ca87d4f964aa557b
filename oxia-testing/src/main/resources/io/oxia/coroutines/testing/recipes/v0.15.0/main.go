// Package main is a minimal launcher for tests: it starts an Oxia v0.15 server (standalone, data server or
// coordinator) through the public API of the github.com/oxia-db/oxia/oxiad library.
//
// Oxia's own command module (github.com/oxia-db/oxia/cmd) has no published version that matches oxiad v0.15.0, so
// this project builds this small program instead. It offers only the subcommands and flags that the test kit of
// oxia-testing passes, with the same names, defaults and meaning as Oxia's CLI:
//
//	oxia [-l level] [-j] standalone -p ADDR -m ADDR -s SHARDS --data-dir D --wal-dir W --wal-sync-data=BOOL
//	    [--notifications-enabled=BOOL] [--notifications-retention-time DUR] [--wal-retention-time DUR]
//	    [--key-sorting hierarchical|natural] [--db-cache-size-mb N]
//	oxia [-l level] [-j] server -p ADDR -i ADDR -m ADDR --data-dir D --wal-dir W --wal-sync-data=BOOL
//	    [--notifications-retention-time DUR] [--wal-retention-time DUR] [--db-cache-size-mb N]
//	    [--tls-cert-file F --tls-key-file F [--tls-trusted-ca-file F] [--tls-client-auth]]
//	    [--auth-provider-name oidc --auth-provider-params JSON]
//	oxia [-l level] [-j] coordinator -i ADDR [-p ADDR] -m ADDR --conf cluster.yaml --file-clusters-status-path F
//
// Every process runs until SIGINT or SIGTERM, then closes the server and exits.
package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"

	"github.com/oxia-db/oxia/common/constant"
	"github.com/oxia-db/oxia/common/logging"
	"github.com/oxia-db/oxia/common/process"
	"github.com/oxia-db/oxia/oxiad/coordinator"
	"github.com/oxia-db/oxia/oxiad/coordinator/metadata"
	"github.com/oxia-db/oxia/oxiad/coordinator/model"
	"github.com/oxia-db/oxia/oxiad/dataserver"
	dsconf "github.com/oxia-db/oxia/oxiad/dataserver/conf"
	"github.com/oxia-db/oxia/oxiad/dataserver/database/kvstore"
)

func main() {
	if err := rootCommand().Execute(); err != nil {
		os.Exit(1)
	}
}

// rootCommand builds the `oxia` command with the global logging flags and the three server subcommands.
func rootCommand() *cobra.Command {
	var logLevel string
	root := &cobra.Command{
		Use:               "oxia",
		Short:             "Minimal Oxia v0.15 server launcher for tests",
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{DisableDefaultCmd: true},
		PersistentPreRunE: func(*cobra.Command, []string) error {
			level, err := logging.ParseLogLevel(logLevel)
			if err != nil {
				return err
			}
			logging.LogLevel = level
			logging.ConfigureLogger()
			return nil
		},
	}
	root.PersistentFlags().StringVarP(&logLevel, "log-level", "l", logging.DefaultLogLevel.String(),
		"Set logging level [debug|info|warn|error]")
	root.PersistentFlags().BoolVarP(&logging.LogJSON, "log-json", "j", false, "Print logs in JSON format")
	root.AddCommand(standaloneCommand(), serverCommand(), coordinatorCommand())
	return root
}

// storageFlags registers the data, WAL and retention flags shared by `standalone` and `server`.
func storageFlags(cmd *cobra.Command, dataDir, walDir *string, walRetention, notificationsRetention *time.Duration,
	walSync *bool, cacheMB *int64) {
	cmd.Flags().StringVar(dataDir, "data-dir", "./data/db", "Directory where to store data")
	cmd.Flags().StringVar(walDir, "wal-dir", "./data/wal", "Directory for write-ahead-logs")
	cmd.Flags().DurationVar(walRetention, "wal-retention-time", time.Hour,
		"Retention time for the entries in the write-ahead-log")
	cmd.Flags().DurationVar(notificationsRetention, "notifications-retention-time", time.Hour,
		"Retention time for the db notifications to clients")
	cmd.Flags().BoolVar(walSync, "wal-sync-data", true, "Whether to sync data in write-ahead-log")
	cmd.Flags().Int64Var(cacheMB, "db-cache-size-mb", kvstore.DefaultFactoryOptions.CacheSizeMB,
		"Max size of the shared DB cache")
}

func addrFlag(cmd *cobra.Command, target *string, name, short string, port int, usage string) {
	cmd.Flags().StringVarP(target, name, short, fmt.Sprintf("0.0.0.0:%d", port), usage)
}

// standaloneCommand runs one process that leads every shard of the namespace `default`.
func standaloneCommand() *cobra.Command {
	conf := dataserver.StandaloneConfig{}
	cmd := &cobra.Command{
		Use:   "standalone",
		Short: "Start a standalone service",
		Args:  cobra.NoArgs,
		Run: func(*cobra.Command, []string) {
			process.RunProcess(func() (io.Closer, error) { return dataserver.NewStandalone(conf) })
		},
	}
	addrFlag(cmd, &conf.PublicServiceAddr, "public-addr", "p", constant.DefaultPublicPort, "Public service bind address")
	addrFlag(cmd, &conf.MetricsServiceAddr, "metrics-addr", "m", constant.DefaultMetricsPort, "Metrics service bind address")
	cmd.Flags().Uint32VarP(&conf.NumShards, "shards", "s", 1, "Number of shards")
	cmd.Flags().BoolVar(&conf.NotificationsEnabled, "notifications-enabled", true, "Whether notifications are enabled")
	cmd.Flags().Var(&conf.KeySorting, "key-sorting", `Key sorting: "hierarchical" (default) or "natural"`)
	storageFlags(cmd, &conf.DataDir, &conf.WalDir, &conf.WalRetentionTime, &conf.NotificationsRetentionTime,
		&conf.WalSyncData, &conf.DbBlockCacheMB)
	return cmd
}

// serverCommand runs one data server of a cluster; a coordinator assigns its shards. As with Oxia's own CLI,
// --wal-sync-data is accepted but oxiad v0.15.0 always syncs the WAL of a data server. TLS and authentication
// apply to the public port only (see security.go).
func serverCommand() *cobra.Command {
	conf := dsconf.Config{}
	secured := publicSecurity{}
	cmd := &cobra.Command{
		Use:   "server",
		Short: "Start a data server",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if err := secured.applyTo(&conf); err != nil {
				return err
			}
			process.RunProcess(func() (io.Closer, error) { return dataserver.New(conf) })
			return nil
		},
	}
	secured.register(cmd)
	addrFlag(cmd, &conf.PublicServiceAddr, "public-addr", "p", constant.DefaultPublicPort, "Public service bind address")
	addrFlag(cmd, &conf.InternalServiceAddr, "internal-addr", "i", constant.DefaultInternalPort, "Internal service bind address")
	addrFlag(cmd, &conf.MetricsServiceAddr, "metrics-addr", "m", constant.DefaultMetricsPort, "Metrics service bind address")
	storageFlags(cmd, &conf.DataDir, &conf.WalDir, &conf.WalRetentionTime, &conf.NotificationsRetentionTime,
		&conf.WalSyncData, &conf.DbBlockCacheMB)
	return cmd
}

// coordinatorCommand runs the coordinator with the file metadata provider and a cluster config file that is
// re-read whenever it changes. `-p/--public-addr` is the name Oxia v0.17 gives to the admin service address; the
// v0.15 name `-a/--admin-addr` is accepted too.
func coordinatorCommand() *cobra.Command {
	conf := coordinator.NewConfig()
	conf.MetadataProviderName = metadata.ProviderNameFile
	var configFile string
	cmd := &cobra.Command{
		Use:   "coordinator",
		Short: "Start a coordinator",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			if _, err := loadClusterConfig(configFile); err != nil {
				return err
			}
			conf.ClusterConfigProvider = func() (model.ClusterConfig, error) { return loadClusterConfig(configFile) }
			conf.ClusterConfigChangeNotifications = watchFile(configFile)
			process.RunProcess(func() (io.Closer, error) { return coordinator.NewGrpcServer(conf) })
			return nil
		},
	}
	addrFlag(cmd, &conf.InternalServiceAddr, "internal-addr", "i", constant.DefaultInternalPort, "Internal service bind address")
	addrFlag(cmd, &conf.MetricsServiceAddr, "metrics-addr", "m", constant.DefaultMetricsPort, "Metrics service bind address")
	addrFlag(cmd, &conf.AdminServiceAddr, "public-addr", "p", constant.DefaultAdminPort, "Public (admin) service bind address")
	cmd.Flags().StringVarP(&conf.AdminServiceAddr, "admin-addr", "a", conf.AdminServiceAddr, "Alias of --public-addr")
	cmd.Flags().StringVarP(&configFile, "conf", "f", "", "Cluster config file (yaml)")
	cmd.Flags().StringVar(&conf.FileMetadataPath, "file-clusters-status-path", "data/cluster-status.json",
		"The path where the cluster status is stored")
	_ = cmd.MarkFlagRequired("conf")
	return cmd
}

// loadClusterConfig parses the cluster yaml through its JSON form, so that the json tags and JSON unmarshalers of
// oxiad's model (for example `notificationsEnabled`, which defaults to true) apply. Durations in `loadBalancer`
// must therefore be given in nanoseconds.
func loadClusterConfig(path string) (model.ClusterConfig, error) {
	cc := model.ClusterConfig{}
	data, err := os.ReadFile(path)
	if err != nil {
		return cc, err
	}
	if err := yaml.Unmarshal(data, &cc); err != nil {
		return cc, fmt.Errorf("failed to load cluster config %s: %w", path, err)
	}
	return cc, nil
}

// watchFile notifies the coordinator whenever the modification time or size of the cluster config file changes.
func watchFile(path string) chan any {
	ch := make(chan any)
	stamp := func() string {
		if st, err := os.Stat(path); err == nil {
			return fmt.Sprint(st.ModTime().UnixNano(), st.Size())
		}
		return ""
	}
	go func() {
		last := stamp()
		for range time.Tick(time.Second) {
			if now := stamp(); now != last {
				last = now
				slog.Info("Cluster config file changed", slog.String("path", path))
				ch <- nil
			}
		}
	}()
	return ch
}
