// A pooling whose stride is 0: its window would never move.
type Pool = dldw::Pooling![in: 30, 24, 24; pool: 2, 2; stride: 0];

fn main() {
    let _: Option<Pool> = None;
}
