package netpol

// SensitivePorts are the ports whose exposure is a finding of its own: remote
// shells, cluster control-plane and node agents, container runtimes, and
// common databases, caches and queues, which often trust the network.
var SensitivePorts = map[int32]string{
	22:    "SSH",
	23:    "Telnet",
	2375:  "Docker API (plain)",
	2376:  "Docker API",
	2379:  "etcd client",
	2380:  "etcd peer",
	3389:  "RDP",
	5900:  "VNC",
	6443:  "Kubernetes API server",
	10250: "kubelet API",
	10255: "kubelet read-only API",
	10257: "kube-controller-manager",
	10259: "kube-scheduler",
	1433:  "SQL Server",
	1521:  "Oracle",
	3306:  "MySQL",
	5432:  "PostgreSQL",
	5984:  "CouchDB",
	6379:  "Redis",
	7000:  "Cassandra",
	9042:  "Cassandra CQL",
	8086:  "InfluxDB",
	9200:  "Elasticsearch",
	9300:  "Elasticsearch transport",
	11211: "memcached",
	27017: "MongoDB",
	2181:  "ZooKeeper",
	9092:  "Kafka",
	5672:  "AMQP",
	8200:  "Vault",
}
