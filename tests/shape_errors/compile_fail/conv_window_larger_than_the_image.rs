// 5 × 5 filters over a 3 × 3 image without padding: there is no place to put the window.
type Conv = dldw::Convolution![in: 1, 3, 3; filters: 8, 5, 5; pad: 0; stride: 1];

fn main() {
    let _: Option<Conv> = None;
}
