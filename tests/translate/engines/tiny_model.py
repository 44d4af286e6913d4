"""A tiny CTranslate2 model built from numpy in about a second: random Marian weights, a
SentencePiece model trained on a few lines, converted with ct2-marian-converter (no torch).

It translates nonsense, but through exactly the loading, tokenising, pivoting and decoding code
that a real Argos or OPUS-MT model goes through.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

DIM, FFN, HEADS = 16, 32, 2
CORPUS = [
    "La Région Hauts-de-France et la Rhénanie-du-Nord-Westphalie renouvellent leur coopération.",
    "Armin Laschet a reçu Xavier Bertrand à Aix-la-Chapelle.",
    "Die Region und Nordrhein-Westfalen erneuern ihre Zusammenarbeit.",
    "The region and North Rhine-Westphalia renew their cooperation.",
    "Les jumelages franco-allemands sont nombreux dans notre région.",
]


def train_sentencepiece(folder: Path) -> tuple[Path, list[str]]:
    import sentencepiece

    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(CORPUS * 20) + "\n", encoding="utf-8")
    prefix = folder / "spm"
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=80, model_type="unigram",
        character_coverage=1.0, bos_id=-1, eos_id=0, unk_id=1, pad_id=-1, minloglevel=2)
    processor = sentencepiece.SentencePieceProcessor(model_file=f"{prefix}.model")
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    pieces[0], pieces[1] = "</s>", "<unk>"
    return Path(f"{prefix}.model"), pieces + ["<s>"]


def write_vocab(path: Path, pieces: list[str]) -> None:
    lines = [f"{json.dumps(piece, ensure_ascii=False)}: {i}" for i, piece in enumerate(pieces)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def marian_weights(vocab_size: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def w(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.1).astype(np.float32)

    weights = {"Wemb": w(vocab_size, DIM), "decoder_ff_logit_out_b": w(1, vocab_size)}
    for scope, attentions in (("encoder_l1", ("self",)), ("decoder_l1", ("self", "context"))):
        for att in attentions:
            for name in ("q", "k", "v", "o"):
                weights[f"{scope}_{att}_W{name}"] = w(DIM, DIM)
                weights[f"{scope}_{att}_b{name}"] = w(1, DIM)
            weights[f"{scope}_{att}_Wo_ln_scale"] = np.ones((1, DIM), np.float32)
            weights[f"{scope}_{att}_Wo_ln_bias"] = np.zeros((1, DIM), np.float32)
        weights[f"{scope}_ffn_W1"], weights[f"{scope}_ffn_b1"] = w(DIM, FFN), w(1, FFN)
        weights[f"{scope}_ffn_W2"], weights[f"{scope}_ffn_b2"] = w(FFN, DIM), w(1, DIM)
        weights[f"{scope}_ffn_ffn_ln_scale"] = np.ones((1, DIM), np.float32)
        weights[f"{scope}_ffn_ffn_ln_bias"] = np.zeros((1, DIM), np.float32)
    config = (
        "type: transformer\nenc-depth: 1\ndec-depth: 1\ntransformer-heads: 2\n"
        "transformer-decoder-autoreg: self-attention\ntransformer-no-projection: false\n"
        "transformer-ffn-activation: relu\ntransformer-preprocess: ''\ntransformer-postprocess: dan\n"
        "transformer-postprocess-emb: d\ntransformer-guided-alignment-layer: last\n"
    )
    weights["special:model.yml"] = np.frombuffer(config.encode() + b"\0", dtype=np.int8)
    return weights


def convert(folder: Path, seed: int) -> tuple[Path, Path]:
    """A converted CTranslate2 model folder and its SentencePiece model."""
    folder.mkdir(parents=True, exist_ok=True)
    spm, pieces = train_sentencepiece(folder)
    vocab = folder / "vocab.yml"
    write_vocab(vocab, pieces)
    npz = folder / "model.npz"
    np.savez(npz, **marian_weights(len(pieces), seed))
    output = folder / "ct2"
    converter = Path(sys.executable).with_name("ct2-marian-converter")
    subprocess.run([str(converter), "--model_path", str(npz), "--vocab_paths", str(vocab), str(vocab),
                    "--output_dir", str(output), "--force"], check=True, capture_output=True)
    return output, spm


def opus_mt_folder(models: Path, source: str, target: str, seed: int = 1) -> Path:
    """An OPUS-MT style folder: model.bin + source.spm + target.spm, named opus-mt-xx-yy."""
    ct2, spm = convert(models.parent / f"build-{source}{target}", seed)
    folder = models / f"opus-mt-{source}-{target}"
    folder.mkdir(parents=True)
    for item in ct2.iterdir():
        (folder / item.name).write_bytes(item.read_bytes())
    (folder / "source.spm").write_bytes(spm.read_bytes())
    (folder / "target.spm").write_bytes(spm.read_bytes())
    return folder


def argos_package(archive: Path, source: str, target: str, seed: int = 2) -> Path:
    """An .argosmodel zip: <name>/metadata.json, <name>/model/, <name>/sentencepiece.model."""
    ct2, spm = convert(archive.parent / f"build-{source}{target}", seed)
    name = f"translate-{source}_{target}-1_0"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(f"{name}/metadata.json", json.dumps(
            {"package_version": "1.0", "from_code": source, "to_code": target, "name": "tiny test model"}))
        for item in ct2.iterdir():
            zipped.write(item, f"{name}/model/{item.name}")
        zipped.write(spm, f"{name}/sentencepiece.model")
    return archive
