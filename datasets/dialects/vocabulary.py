"""Invented agencies, indicators, programs and the header words of each dialect
(DIALECTS.md §1–§9). Nothing here is taken from the bundled sample's text."""

from __future__ import annotations

# (type, name pattern, domain); {region} is an invented place name
AGENCIES = [
    ("dinas", "Dinas Kesehatan {level} {region}", "kesehatan"),
    ("dinas", "Dinas Pendidikan dan Kebudayaan {level} {region}", "pendidikan"),
    ("dinas", "Dinas Pekerjaan Umum dan Penataan Ruang {level} {region}", "pupr"),
    ("dinas", "Dinas Sosial {level} {region}", "sosial"),
    ("dinas", "Dinas Pertanian dan Ketahanan Pangan {level} {region}", "pertanian"),
    ("dinas", "Dinas Lingkungan Hidup {level} {region}", "lingkungan"),
    ("dinas", "Dinas Kependudukan dan Pencatatan Sipil {level} {region}", "kependudukan"),
    ("dinas", "Dinas Perhubungan {level} {region}", "perhubungan"),
    ("badan", "Badan Perencanaan Pembangunan Daerah {level} {region}", "bappeda"),
    ("badan", "Badan Pengelolaan Keuangan dan Aset Daerah {level} {region}", "bpkad"),
    ("badan", "Badan Penanggulangan Bencana Daerah {level} {region}", "bpbd"),
    ("kecamatan", "Kecamatan {district} {level} {region}", "kecamatan"),
    ("rsud", "RSUD {person} {level} {region}", "rsud"),
    ("rsud", "Rumah Sakit Umum Daerah {level} {region}", "rsud"),
    ("rsud", "UPTD RSUD {region} (BLUD)", "rsud"),
    ("dprd", "Sekretariat DPRD {level} {region}", "dprd"),
    ("inspektorat", "Inspektorat {level} {region}", "inspektorat"),
    ("provinsi", "Dinas Kesehatan Provinsi {province}", "kesehatan"),
    ("provinsi", "Dinas Sosial Provinsi {province}", "sosial"),
    ("kementerian", "Direktorat Jenderal {directorate} Kementerian {ministry}", "kementerian"),
]
SYLLABLES = ["ta", "ra", "ma", "lu", "wi", "so", "ka", "ne", "ba", "ri", "pu", "da", "ge"]
PROVINCES = ["Nusa Kencana", "Sumatera Tengah Raya", "Kalimantan Hulu", "Bukit Barisan Timur"]
DIRECTORATES = ["Bina Layanan Publik", "Tata Kelola Daerah", "Pengembangan Wilayah Pesisir"]
MINISTRIES = ["Pembangunan Kawasan", "Urusan Pelayanan Masyarakat", "Sumber Daya Pesisir"]
PERSONS = ["dr. Wiranata", "Raden Sukmajaya", "H. Abdul Latif", "dr. Sulastri"]

# name, unit, polarity (+/-), type (pct|rate|count|index|ordinal), low, high, decimals
Indicator = tuple[str, str, str, str, float, float, int]
INDICATORS: dict[str, list[Indicator]] = {
    "kesehatan": [
        ("Angka Kematian Ibu", "per 100.000 KH", "-", "rate", 70, 130, 0),
        ("Angka Kematian Bayi", "per 1.000 KH", "-", "rate", 5, 12, 1),
        ("Prevalensi Stunting pada Balita", "%", "-", "pct", 9, 21, 2),
        ("Persentase Kasus Gawat Darurat yang Tertangani", "%", "+", "pct", 85, 98, 2),
        ("Cakupan Imunisasi Dasar Lengkap", "%", "+", "pct", 85, 97, 2),
        ("Jumlah Puskesmas Terakreditasi Paripurna", "puskesmas", "+", "count", 4, 18, 0),
    ],
    "pendidikan": [
        ("Angka Partisipasi Murni SD/MI", "%", "+", "pct", 92, 99, 2),
        ("Angka Putus Sekolah SMP", "%", "-", "pct", 0.2, 1.5, 2),
        ("Rata-rata Lama Sekolah", "tahun", "+", "index", 7, 9.5, 2),
        ("Persentase Guru Bersertifikat Pendidik", "%", "+", "pct", 55, 85, 2),
    ],
    "pupr": [
        ("Persentase Jalan Kabupaten dalam Kondisi Mantap", "%", "+", "pct", 60, 85, 2),
        ("Persentase Rumah Tidak Layak Huni", "%", "-", "pct", 4, 12, 2),
        ("Jumlah Titik Genangan Banjir", "titik", "-", "count", 12, 45, 0),
        ("Cakupan Layanan Air Minum Layak", "%", "+", "pct", 70, 92, 2),
    ],
    "sosial": [
        ("Persentase PPKS yang Memperoleh Bantuan Sosial", "%", "+", "pct", 60, 90, 2),
        ("Jumlah Penduduk Miskin", "jiwa", "-", "count", 21000, 48000, 0),
        ("Persentase Kasus Kekerasan terhadap Anak yang Tertangani", "%", "+", "pct", 90, 100, 2),
        ("Status Kabupaten Layak Anak", "strata", "+", "ordinal", 0, 0, 0),
    ],
    "pertanian": [
        ("Produktivitas Padi", "ton/ha", "+", "index", 5, 6.6, 2),
        ("Persentase Lahan Pertanian Terairi", "%", "+", "pct", 55, 80, 2),
        ("Jumlah Kasus Serangan OPT", "kasus", "-", "count", 30, 90, 0),
    ],
    "lingkungan": [
        ("Indeks Kualitas Lingkungan Hidup", "indeks", "+", "index", 58, 74, 2),
        ("Persentase Sampah yang Tertangani", "%", "+", "pct", 55, 85, 2),
        ("Jumlah Pengaduan Pencemaran Lingkungan", "kasus", "-", "count", 8, 30, 0),
    ],
    "kependudukan": [
        ("Persentase Kepemilikan Akta Kelahiran Anak", "%", "+", "pct", 85, 98, 2),
        ("Persentase Penduduk Wajib KTP-el yang Merekam", "%", "+", "pct", 92, 99, 2),
        ("Jumlah Keluhan Layanan Administrasi Kependudukan", "keluhan", "-", "count", 15, 60, 0),
    ],
    "perhubungan": [
        ("Angka Kecelakaan Lalu Lintas", "kejadian", "-", "count", 40, 120, 0),
        ("Persentase Terminal yang Memenuhi Standar", "%", "+", "pct", 50, 90, 2),
        ("Persentase Kendaraan Wajib Uji yang Lulus Uji", "%", "+", "pct", 75, 95, 2),
    ],
    "bappeda": [
        ("Persentase Keselarasan Program RPJMD dan Renstra", "%", "+", "pct", 85, 100, 2),
        ("Tingkat Pengangguran Terbuka", "%", "-", "pct", 3.5, 7.5, 2),
        ("Laju Pertumbuhan Ekonomi", "%", "+", "pct", 4, 6, 2),
    ],
    "bpkad": [
        ("Opini BPK atas Laporan Keuangan Daerah", "opini", "+", "ordinal", 0, 0, 0),
        ("Persentase Realisasi Pendapatan Asli Daerah", "%", "+", "pct", 85, 105, 2),
        ("Rasio Aset Tidak Tercatat", "%", "-", "pct", 1, 6, 2),
    ],
    "bpbd": [
        ("Waktu Tanggap Kejadian Bencana", "menit", "-", "count", 20, 45, 0),
        ("Persentase Desa Tangguh Bencana", "%", "+", "pct", 20, 60, 2),
    ],
    "kecamatan": [
        ("Persentase Pelayanan Administrasi Selesai Tepat Waktu", "%", "+", "pct", 85, 99, 2),
        (
            "Jumlah Pengaduan Masyarakat yang Belum Diselesaikan",
            "pengaduan",
            "-",
            "count",
            5,
            25,
            0,
        ),
        ("Persentase Desa dengan Profil Desa Mutakhir", "%", "+", "pct", 60, 100, 2),
    ],
    "rsud": [
        ("Persentase Kasus Gawat Darurat yang Tertangani", "%", "+", "pct", 88, 99, 2),
        ("Angka Kematian Pasien > 48 Jam (NDR)", "permil", "-", "rate", 15, 30, 2),
        ("Indeks Kepuasan Pasien", "indeks", "+", "index", 76, 88, 2),
        ("Rasio Pendapatan BLUD terhadap Belanja Operasional", "%", "+", "pct", 60, 90, 2),
    ],
    "dprd": [
        ("Persentase Ranperda yang Ditetapkan Tepat Waktu", "%", "+", "pct", 60, 100, 2),
        ("Jumlah Rapat Paripurna yang Terlaksana", "kali", "+", "count", 18, 40, 0),
        ("Persentase Aspirasi Masyarakat yang Ditindaklanjuti", "%", "+", "pct", 55, 85, 2),
    ],
    "inspektorat": [
        ("Persentase Tindak Lanjut Hasil Pemeriksaan", "%", "+", "pct", 70, 95, 2),
        ("Jumlah Temuan Berulang", "temuan", "-", "count", 5, 20, 0),
        ("Level Maturitas SPIP", "level", "+", "ordinal", 0, 0, 0),
    ],
    "kementerian": [
        ("Persentase Satuan Kerja dengan Nilai IKPA Baik", "%", "+", "pct", 80, 98, 2),
        ("Indeks Reformasi Birokrasi Unit Eselon I", "indeks", "+", "index", 70, 86, 2),
        ("Jumlah Regulasi Teknis yang Diselesaikan", "regulasi", "+", "count", 5, 20, 0),
    ],
}
GENERIC: list[Indicator] = [
    ("Nilai Akuntabilitas Kinerja Perangkat Daerah", "nilai", "+", "index", 62, 80, 2),
    ("Indeks Kepuasan Masyarakat", "indeks", "+", "index", 76, 88, 2),
    ("Predikat SAKIP", "predikat", "+", "ordinal", 0, 0, 0),
]
ORDINALS = {
    "Status Kabupaten Layak Anak": ["Pratama", "Madya", "Nindya", "Utama", "KLA"],
    "Opini BPK atas Laporan Keuangan Daerah": ["TMP", "TW", "WDP", "WTP"],
    "Level Maturitas SPIP": ["Level 1", "Level 2", "Level 3", "Level 4", "Level 5"],
    "Predikat SAKIP": ["C", "CC", "B", "BB", "A", "AA"],
}
SASARAN = [
    "Meningkatnya kualitas pelayanan {domain}",
    "Meningkatnya akuntabilitas kinerja dan keuangan",
    "Menurunnya permasalahan {domain} di masyarakat",
    "Meningkatnya cakupan layanan {domain} yang merata",
]
DOMAIN_WORD = {
    "kesehatan": "kesehatan",
    "pendidikan": "pendidikan",
    "pupr": "infrastruktur",
    "sosial": "kesejahteraan sosial",
    "pertanian": "pertanian",
    "lingkungan": "lingkungan",
    "kependudukan": "administrasi kependudukan",
    "perhubungan": "perhubungan",
    "bappeda": "perencanaan",
    "bpkad": "pengelolaan keuangan",
    "bpbd": "kebencanaan",
    "kecamatan": "kecamatan",
    "rsud": "rumah sakit",
    "dprd": "kedewanan",
    "inspektorat": "pengawasan",
    "kementerian": "kelembagaan",
}
PROGRAMS = [
    "Program Penunjang Urusan Pemerintahan",
    "Program Peningkatan Layanan {domain}",
    "Program Pengembangan Kapasitas {domain}",
    "Program Pengendalian dan Evaluasi {domain}",
    "Program Pemberdayaan Masyarakat Bidang {domain}",
    "Program Penguatan Data dan Informasi {domain}",
]
KEGIATAN = [
    "Perencanaan dan Penganggaran",
    "Administrasi Keuangan",
    "Administrasi Umum",
    "Pengadaan Sarana Pendukung",
    "Pembinaan Teknis Lapangan",
    "Monitoring dan Evaluasi",
    "Koordinasi Lintas Sektor",
    "Pengelolaan Sistem Informasi",
    "Fasilitasi Layanan Terpadu",
]
SUB_KEGIATAN = [
    "Penyusunan Dokumen",
    "Penyediaan Honorarium",
    "Pengadaan Peralatan",
    "Pemeliharaan Gedung",
    "Bimbingan Teknis",
    "Penyelenggaraan Rapat",
    "Sosialisasi Layanan",
    "Pendataan Sasaran",
    "Verifikasi Lapangan",
]

# Header words by meaning (DIALECTS §2): (full word, abbreviation)
WORDS = {
    "no": [("No", "No."), ("Nomor", "No")],
    "sasaran": [("Sasaran", "Sasaran"), ("Sasaran Strategis", "Sasaran Strategis")],
    "indikator": [
        ("Indikator Kinerja", "Indikator"),
        ("Indikator", "Indikator"),
        ("Indikator Kinerja Sasaran", "IKS"),
    ],
    "satuan": [("Satuan", "Sat.")],
    "polaritas": [("Polaritas", "Polaritas")],
    "target": [
        ("Target", "Tgt"),
        ("Rencana", "Rencana"),
        ("Target Kinerja", "Target"),
        ("Target PK", "Target PK"),
    ],
    "realisasi": [("Realisasi", "Real."), ("Hasil", "Hasil"), ("Capaian Fisik", "Realisasi")],
    "capaian": [
        ("Capaian (%)", "%"),
        ("% Capaian", "% Capaian"),
        ("Persentase Capaian", "%"),
        ("Tingkat Capaian (%)", "Capaian"),
    ],
    "anggaran": [
        ("Anggaran", "Anggaran"),
        ("Pagu", "Pagu"),
        ("Alokasi", "Alokasi"),
        ("Pagu Setelah Perubahan", "Pagu"),
        ("DPA", "DPA"),
    ],
    "realisasi_anggaran": [
        ("Realisasi Anggaran", "Real."),
        ("Realisasi Keuangan", "Realisasi"),
        ("Realisasi", "Real."),
    ],
    "penyerapan": [("Penyerapan (%)", "%"), ("Serapan (%)", "%"), ("Persentase (%)", "%")],
    "sisa": [("Sisa Anggaran", "Sisa"), ("Selisih", "Selisih"), ("Sisa", "Sisa")],
    "ket": [("Keterangan", "Ket.")],
    "kategori": [("Kategori", "Kategori"), ("Predikat", "Predikat")],
}
SCALES = [
    ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"],
    ["Sangat Baik", "Baik", "Cukup", "Kurang", "Sangat Kurang"],
    ["Sangat Berhasil", "Berhasil", "Cukup Berhasil", "Kurang Berhasil", "Tidak Berhasil"],
]
BANDS = [91, 76, 66, 51]  # lower bounds of the first four bands (Permendagri 86/2017 style)
POLARITY_WORDS = [("Positif", "Negatif"), ("Maks", "Min"), ("↑", "↓"), ("(+)", "(-)")]
TOTAL_WORDS = ["JUMLAH", "TOTAL", "JUMLAH TOTAL", "Jumlah"]
MEAN_WORDS = ["RATA-RATA", "Rata-rata Capaian", "Rata-rata"]
